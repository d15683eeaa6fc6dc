package dev.webhooks.deliveries.control;

import dev.webhooks.cluster.control.Membership;
import dev.webhooks.shared.Contention;
import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.EventView;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of this server's in-memory delivery state: deliveries to claim, jobs claimed and
 * not yet sent, the slots of each endpoint and of the server, near retries, and finished attempts
 * not yet recorded. The database is the record of every delivery; what is here is only work in
 * hand, and what a crash loses here is found again (claims when the server restarts or their lease
 * ends, everything else by the sweep).
 *
 * <p>Entry points, and nothing else changes this state:
 *
 * <ul>
 *   <li>{@link #claimedAtIngest}: deliveries an ingest transaction committed already claimed;
 *   <li>{@link #wake}: deliveries to claim now (after a commit, from the sweep, a resend);
 *   <li>{@link #wakeAt}: deliveries to claim at a time (near retries, breaker and rate waits);
 *   <li>{@link #pumpRound} and {@link #recordRound}: the two loops ({@code DispatchLoops} runs
 *       them).
 * </ul>
 *
 * <pre>
 *  claimedAtIngest ─────────────────────────────┐
 *  wake / wakeAt (due) ─► to claim ─► claim (one │ transaction a batch)
 *                                               ▼
 *                        ┌──────── admit: endpoint slot and rate ────────┐
 *                        │ go                   │ endpoint full          │ over its rate / breaker open
 *                        ▼                      ▼                        ▼
 *             ready (has its endpoint slot)   held in memory         row put off: WAITING_FOR_SLOT
 *                        │  server slot free     (gets the next       or PENDING with a time
 *                        ▼                        freed slot)          (wakeAt / sweep)
 *                 HTTP attempt (never blocks a loop)
 *                        │ ends: slot to a held job, or a WAITING_FOR_SLOT row is woken
 *                        ▼
 *                 finished ─► recordRound (one transaction a batch) ─► retries ─► wakeAt
 * </pre>
 *
 * <p>No loop ever blocks: a job that has its endpoint's slot but finds the server's {@link
 * #MAX_IN_FLIGHT} in use waits in {@code ready} for the next round. Both loops serve every tenant,
 * so whatever one delivery's work throws (an {@link Error} included) holds back only that delivery:
 * a failing batch is split and retried element by element.
 */
@ApplicationScoped
public class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

  /** Requests in flight from this server at most. */
  static final int MAX_IN_FLIGHT = 2000;

  static final int CLAIM_BATCH = 200;
  static final int RECORD_BATCH = 500;

  /** Retries due within this horizon are woken from memory, later ones by the sweep. */
  static final Duration NEAR = Duration.ofMinutes(5);

  static final int MAX_NEAR = 100_000;

  @Inject DeliveryStore store;
  @Inject DeliveryWorker worker;
  @Inject Settings settings;
  @Inject Membership membership;

  /**
   * Where attempts are started (server.xml: a few threads): a style's work to build a request runs
   * there, fairly between tenants ({@link TenantLanes}), never on the claim pump. Null in unit
   * tests, which start attempts in place.
   */
  @Resource(lookup = "concurrent/webhooks/AttemptExecutor")
  ManagedExecutorService attemptExecutor;

  /** Tasks of one tenant that run or wait in the attempt executor at most. */
  static final int STARTS_PER_TENANT = 2;

  TenantLanes lanes;

  /** Ids to claim, and how many (the sweep holds back while many wait). */
  private final ConcurrentLinkedQueue<Long> toClaim = new ConcurrentLinkedQueue<>();

  private final AtomicInteger toClaimCount = new AtomicInteger();

  /** Deliveries claimed at ingest, with their claim token and their events by id (some or none). */
  record ClaimedIds(String token, List<Long> ids, Map<Long, EventView> events) {}

  private final ConcurrentLinkedQueue<ClaimedIds> claimedAtIngest = new ConcurrentLinkedQueue<>();

  /** Jobs holding a slot of their endpoint, to be sent as soon as the server has a slot. */
  private final ConcurrentLinkedQueue<DeliveryJob> ready = new ConcurrentLinkedQueue<>();

  private final AtomicInteger readyCount = new AtomicInteger();

  private final ConcurrentLinkedQueue<AttemptResult> finished = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final NearWakeUps near = new NearWakeUps(MAX_NEAR);
  Throttle throttle;
  private final Heartbeat pumpBeat = new Heartbeat("claim pump", System.currentTimeMillis());
  private final Heartbeat recordBeat =
      new Heartbeat("attempt recorder", System.currentTimeMillis());

  @PostConstruct
  void init() {
    lanes =
        new TenantLanes(
            attemptExecutor != null ? attemptExecutor : Runnable::run, STARTS_PER_TENANT);
    // Each member takes its share of an endpoint's limits (Membership).
    throttle =
        new Throttle(
            () -> settings.maxInFlightPerEndpoint(),
            () -> settings.maxInFlightPerTenant(),
            () -> membership.liveMembers());
  }

  // ---- entry points ----

  /** Deliveries committed already claimed under {@code token}: sent without another claim. */
  public void claimedAtIngest(String token, List<Long> ids) {
    claimedAtIngest(token, ids, Map.of());
  }

  /**
   * As above, with the events the ingest stored, by id: the claim's read then takes them from here
   * instead of reading each event's row again.
   */
  public void claimedAtIngest(String token, List<Long> ids, Map<Long, EventView> events) {
    if (!ids.isEmpty()) {
      claimedAtIngest.add(new ClaimedIds(token, List.copyOf(ids), events));
    }
  }

  /** Deliveries to claim now; a stale or repeated wake-up claims nothing. */
  public void wake(Collection<Long> ids) {
    if (!ids.isEmpty()) {
      toClaim.addAll(ids);
      toClaimCount.addAndGet(ids.size());
    }
  }

  /**
   * Deliveries to claim when due: near ones from memory, the rest (and any beyond {@link
   * #MAX_NEAR}) by the sweep, which finds every due row in the database.
   */
  public void wakeAt(List<DeliveryStore.Retry> retries) {
    Instant horizon = Instant.now().plus(NEAR);
    for (DeliveryStore.Retry retry : retries) {
      if (!retry.at().isAfter(horizon)) {
        near.add(dueMillis(retry.at()), retry.deliveryId());
      }
    }
  }

  /**
   * The first millisecond at which a delivery due at {@code at} is due: rounded up, never down. A
   * wake-up rounded down was polled up to a millisecond early, its claim found the row not yet due
   * and took nothing, and the delivery waited for the sweep (seconds late).
   */
  static long dueMillis(Instant at) {
    long millis = at.toEpochMilli();
    return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }

  /** Deliveries waiting to be claimed: the sweep holds back while there are many. */
  public int backlog() {
    return Math.max(0, toClaimCount.get());
  }

  /** Records one attempt now, in the caller's thread (a synchronous test of an endpoint). */
  public void recordNow(AttemptResult result) {
    wakeAt(store.record(List.of(result), Instant.now(), true));
  }

  /**
   * The loops that have work waiting but have not run for {@link Heartbeat#STALE_AFTER}: dead or
   * stuck. Liveness reports the server down while any is.
   */
  public List<String> stalledLoops() {
    long now = System.currentTimeMillis();
    List<String> stalled = new ArrayList<>(2);
    boolean claimWork =
        !toClaim.isEmpty() || !claimedAtIngest.isEmpty() || near.size() > 0 || !ready.isEmpty();
    if (pumpBeat.stalled(now, claimWork)) {
      stalled.add(pumpBeat.loop());
    }
    if (recordBeat.stalled(now, !finished.isEmpty())) {
      stalled.add(recordBeat.loop());
    }
    return stalled;
  }

  /** Requests in flight from this server now. */
  public int inFlight() {
    return inFlight.get();
  }

  // ---- the claim pump ----

  /**
   * One round of the claim pump: sends ready jobs, then takes deliveries claimed at ingest and
   * claims woken ones in batches (one transaction each), admits them and sends what may go. Loops
   * while it finds work; returns when there is none or only jobs waiting for a server slot.
   */
  public void pumpRound() {
    pumpBeat.beat(System.currentTimeMillis());
    wake(near.pollDue(System.currentTimeMillis()));
    boolean more = true;
    while (more) {
      pumpBeat.beat(System.currentTimeMillis());
      sendReady();
      if (readyCount.get() >= MAX_IN_FLIGHT) {
        // The server's slots are all in use and as many jobs wait for them: claim nothing more
        // until they move (a claim holds its rows for the lease, and jobs hold memory).
        return;
      }
      List<ClaimedIds> claimed = drainClaimed(CLAIM_BATCH);
      if (!claimed.isEmpty()) {
        guarded("sending deliveries claimed at ingest", claimed, this::takeClaimed);
      }
      List<Long> ids = drainToClaim(CLAIM_BATCH);
      if (!ids.isEmpty()) {
        guarded("claiming deliveries", ids, this::claim);
      }
      more = !claimed.isEmpty() || !ids.isEmpty();
    }
    sendReady();
  }

  private void claim(List<Long> ids) {
    Instant now = Instant.now();
    admit(Contention.retry(3, () -> store.claim(ids, now)), now);
  }

  private void takeClaimed(List<ClaimedIds> batches) {
    Instant now = Instant.now();
    List<String> tokens = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    Map<Long, EventView> events = new HashMap<>();
    for (ClaimedIds b : batches) {
      tokens.add(b.token());
      ids.addAll(b.ids());
      events.putAll(b.events());
    }
    admit(Contention.retry(3, () -> store.claimed(tokens, ids, now, events)), now);
  }

  /**
   * Admission happens after the claim's transaction committed, so a rolled-back claim never holds a
   * slot. What is not admitted is held in memory for the endpoint's next free slot, or put off in
   * the database.
   */
  private void admit(DeliveryStore.Claimed claimed, Instant now) {
    List<DeliveryJob> putOff = new ArrayList<>();
    List<Throttle.Deferral> waits = new ArrayList<>();
    for (DeliveryJob job : claimed.jobs()) {
      Throttle.Decision decision = throttle.admit(job, now);
      if (decision.go()) {
        toReady(job);
      } else if (decision.deferral() != null) {
        putOff.add(job);
        waits.add(decision.deferral());
      } // else held by the throttle: it comes back through release()
    }
    wakeAt(claimed.deferred());
    if (!putOff.isEmpty()) {
      wakeAt(store.defer(putOff, waits));
    }
  }

  /** Sends ready jobs while the server has slots; never waits for one. */
  private void sendReady() {
    while (inFlight.get() < MAX_IN_FLIGHT) {
      DeliveryJob job = ready.poll();
      if (job == null) {
        return;
      }
      readyCount.decrementAndGet();
      inFlight.incrementAndGet();
      send(job);
    }
  }

  private void toReady(DeliveryJob job) {
    readyCount.incrementAndGet();
    ready.add(job);
  }

  /**
   * Starts one attempt in its tenant's lane of the attempt executor. When it ends (on the HTTP
   * client's thread, which must not call into the container), its slots pass to held jobs or wake a
   * waiting delivery, the server slot is given back, and the result waits for the recorder.
   */
  private void send(DeliveryJob job) {
    lanes.submit(job.endpoint().tenantId(), () -> attempt(job));
  }

  private void attempt(DeliveryJob job) {
    long wait = throttle.sendWait(job, Instant.now());
    if (wait > 0) {
      // The endpoint's rate for this second is used: start again at the next one, keeping its
      // slots (a short wait: admission already limits the jobs per second).
      CompletableFuture.delayedExecutor(
              wait,
              TimeUnit.MILLISECONDS,
              attemptExecutor != null ? attemptExecutor : Runnable::run)
          .execute(() -> attempt(job));
      return;
    }
    worker
        .attempt(job)
        .whenComplete(
            (r, ex) -> {
              try {
                Throttle.Release freed = throttle.release(job);
                freed.go().forEach(this::toReady);
                if (freed.wake() != null) {
                  wake(List.of(freed.wake()));
                }
              } finally {
                inFlight.decrementAndGet();
                finished.add(r != null ? r : DeliveryWorker.failed(job, ex));
              }
            });
  }

  private List<ClaimedIds> drainClaimed(int max) {
    List<ClaimedIds> out = new ArrayList<>();
    int n = 0;
    ClaimedIds c;
    while (n < max && (c = claimedAtIngest.poll()) != null) {
      out.add(c);
      n += c.ids().size();
    }
    return out;
  }

  private List<Long> drainToClaim(int max) {
    List<Long> out = new ArrayList<>();
    Long id;
    while (out.size() < max && (id = toClaim.poll()) != null) {
      out.add(id);
    }
    toClaimCount.addAndGet(-out.size());
    return out;
  }

  /**
   * Runs {@code work} on the whole batch, and when that fails, on each element alone: a failure
   * that one element causes then stays with it. What fails alone is left where it is: claimed rows
   * come back when their lease ends, queued ones when the sweep finds their wake-up lost.
   */
  private static <T> void guarded(String what, List<T> batch, Consumer<List<T>> work) {
    try {
      work.accept(batch);
      return;
    } catch (Throwable t) {
      if (batch.size() == 1) {
        LOG.log(Level.WARNING, what + " failed: " + Failures.describe(t), t);
        return;
      }
      LOG.log(
          Level.WARNING,
          what
              + " failed for a batch of "
              + batch.size()
              + "; trying each alone: "
              + Failures.describe(t));
    }
    for (T one : batch) {
      try {
        work.accept(List.of(one));
      } catch (Throwable t) {
        LOG.log(Level.WARNING, what + " failed for " + one + ": " + Failures.describe(t), t);
      }
    }
  }

  // ---- the recorder ----

  /**
   * One round of the recorder: writes finished attempts in batches (one transaction for many). A
   * batch whose recording fails for another reason than a lock conflict is recorded result by
   * result, and a result that still fails is recorded without its style's reaction (logged, so that
   * an operator sees it), so its delivery moves on instead of staying claimed.
   */
  public void recordRound() {
    recordBeat.beat(System.currentTimeMillis());
    while (!finished.isEmpty()) {
      recordBeat.beat(System.currentTimeMillis());
      List<AttemptResult> batch = new ArrayList<>(RECORD_BATCH);
      AttemptResult r;
      while (batch.size() < RECORD_BATCH && (r = finished.poll()) != null) {
        batch.add(r);
      }
      if (batch.isEmpty()) {
        return;
      }
      record(batch);
    }
  }

  private void record(List<AttemptResult> batch) {
    try {
      // A deadlock victim is rolled back whole: recording the same batch again is safe.
      wakeAt(Contention.retry(5, () -> store.record(batch, Instant.now(), true)));
      return;
    } catch (Throwable t) {
      LOG.log(
          Level.WARNING,
          "could not record "
              + batch.size()
              + " attempts together; recording each alone: "
              + Failures.describe(t));
    }
    for (AttemptResult one : batch) {
      try {
        wakeAt(Contention.retry(5, () -> store.record(List.of(one), Instant.now(), true)));
        continue;
      } catch (Throwable t) {
        LOG.log(
            Level.SEVERE,
            "recording the attempt of delivery "
                + one.job().deliveryPublicId()
                + " failed with its style's reaction; recording it without: "
                + Failures.describe(t),
            t);
      }
      try {
        wakeAt(Contention.retry(5, () -> store.record(List.of(one), Instant.now(), false)));
      } catch (Throwable t) {
        // The delivery stays claimed; its lease runs out and the sweep sends it again.
        LOG.log(
            Level.SEVERE,
            "could not record the attempt of delivery " + one.job().deliveryPublicId(),
            t);
      }
    }
  }
}
