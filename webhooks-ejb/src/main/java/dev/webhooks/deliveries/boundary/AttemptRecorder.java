package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.AttemptInbox;
import dev.webhooks.deliveries.control.AttemptResult;
import dev.webhooks.deliveries.control.DeliveryJob;
import dev.webhooks.deliveries.control.DeliveryStore;
import dev.webhooks.deliveries.control.DeliveryWorker;
import dev.webhooks.deliveries.control.Heartbeat;
import dev.webhooks.deliveries.control.NearWakeUps;
import dev.webhooks.shared.Contention;
import dev.webhooks.shared.Failures;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes attempt outcomes in batches (one transaction for many attempts) and wakes near retries on
 * time with in-memory timers; far retries are left to the sweeper, so memory stays bounded at any
 * backlog.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AttemptRecorder {
  private static final Logger LOG = Logger.getLogger(AttemptRecorder.class.getName());
  static final int BATCH = 500;

  /** Retries due within this horizon are woken by an in-memory timer, later ones by the sweeper. */
  static final Duration NEAR = Duration.ofMinutes(5);

  static final int MAX_NEAR_TIMERS = 100_000;

  @Resource(lookup = "concurrent/webhooks/DeliveryScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject DeliveryStore store;
  @Inject AttemptInbox pending;

  private final NearWakeUps nearWakeUps = new NearWakeUps(MAX_NEAR_TIMERS);
  private ScheduledFuture<?> drainer;
  private ScheduledFuture<?> claimer;
  private final Heartbeat pumpBeat = new Heartbeat("claim pump", System.currentTimeMillis());
  private final Heartbeat drainBeat = new Heartbeat("attempt recorder", System.currentTimeMillis());

  @Inject DeliveryWorker worker;

  @PostConstruct
  void start() {
    drainer = scheduler.scheduleWithFixedDelay(this::drain, 20, 10, TimeUnit.MILLISECONDS);
    claimer = scheduler.scheduleWithFixedDelay(this::pumpClaims, 20, 5, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    drainer.cancel(false);
    claimer.cancel(false);
    drain();
  }

  /** Records one result now, in the caller's thread (synchronous tests). */
  public void recordNow(AttemptResult result) {
    scheduleRetries(store.record(List.of(result), Instant.now(), true));
  }

  /**
   * Claims woken deliveries in batches and sends them; the claim is one transaction per batch.
   *
   * <p>Runs for every tenant, so nothing may end it: a scheduled task that throws is never run
   * again. A batch that fails for any reason other than a lock conflict is split, so that one
   * delivery that cannot be claimed holds back only itself.
   */
  void pumpClaims() {
    pumpBeat.beat(System.currentTimeMillis());
    try {
      // Jobs that were given a freed slot go first, in every round: while wake-ups keep arriving
      // the loop may run for long, and jobs waiting behind it would hold their endpoint's slots
      // (under steady load every new claim then found the endpoint full).
      boolean more = true;
      while (more) {
        pumpBeat.beat(System.currentTimeMillis());
        List<DeliveryJob> ready = pending.drainReady();
        if (!ready.isEmpty()) {
          worker.send(ready, pending::add);
        }
        List<AttemptInbox.ClaimedIds> claimed = pending.drainClaimed(CLAIM_BATCH);
        if (!claimed.isEmpty()) {
          guarded("sending deliveries claimed at ingest", claimed, this::sendClaimed);
        }
        List<Long> ids = pending.drainClaims(CLAIM_BATCH);
        if (!ids.isEmpty()) {
          guarded("claiming deliveries", ids, this::claimAndSend);
        }
        more = !ready.isEmpty() || !claimed.isEmpty() || !ids.isEmpty();
      }
    } catch (Throwable t) {
      // The deliveries stay queued; the sweeper wakes them again once their wake-up counts as lost.
      LOG.log(Level.WARNING, "claim pump round failed: " + Failures.describe(t), t);
    }
  }

  private void claimAndSend(List<Long> ids) {
    scheduleRetries(worker.process(ids, pending::add));
  }

  private void sendClaimed(List<AttemptInbox.ClaimedIds> batches) {
    scheduleRetries(worker.processClaimed(batches, pending::add));
  }

  /**
   * Runs {@code work} on the whole batch, and when that fails, on each element alone: a failure
   * that one element causes (a configuration that cannot be read, say) then stays with it. What
   * fails alone is left where it is: claimed rows come back when their lease ends, queued ones when
   * their wake-up counts as lost.
   */
  private <T> void guarded(String what, List<T> batch, Consumer<List<T>> work) {
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

  static final int CLAIM_BATCH = 200;

  /**
   * Records finished attempts in batches. Like the claim pump it serves every tenant and may not
   * end; a batch whose recording fails for another reason than a lock conflict is recorded result
   * by result, and a result that still fails is recorded without its style's reaction (which is
   * what failed: logged, so that an operator sees it), so its delivery moves on instead of staying
   * claimed.
   */
  void drain() {
    drainBeat.beat(System.currentTimeMillis());
    try {
      // Deliveries whose endpoint has a free slot again, and near retries now due, go straight to
      // the claim pump.
      pending.claimLater(pending.drainWakeUps());
      pending.claimLater(nearWakeUps.pollDue(System.currentTimeMillis()));
      while (!pending.isEmpty()) {
        drainBeat.beat(System.currentTimeMillis());
        List<AttemptResult> batch = new ArrayList<>(BATCH);
        AttemptResult r;
        while (batch.size() < BATCH && (r = pending.poll()) != null) {
          batch.add(r);
        }
        if (batch.isEmpty()) {
          return;
        }
        record(batch);
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "attempt recorder round failed: " + Failures.describe(t), t);
    }
  }

  private void record(List<AttemptResult> batch) {
    try {
      // A deadlock victim is rolled back whole: recording the same batch again is safe.
      scheduleRetries(Contention.retry(5, () -> store.record(batch, Instant.now(), true)));
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
        scheduleRetries(Contention.retry(5, () -> store.record(List.of(one), Instant.now(), true)));
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
        scheduleRetries(
            Contention.retry(5, () -> store.record(List.of(one), Instant.now(), false)));
      } catch (Throwable t) {
        // The delivery stays claimed; its lease runs out and the sweeper sends it again.
        LOG.log(
            Level.SEVERE,
            "could not record the attempt of delivery " + one.job().deliveryPublicId(),
            t);
      }
    }
  }

  /**
   * The dispatcher loops that have work waiting but have not run for {@link Heartbeat#STALE_AFTER}:
   * dead or stuck. Liveness reports the server down while any is.
   */
  public List<String> stalledLoops() {
    long now = System.currentTimeMillis();
    List<String> stalled = new ArrayList<>(2);
    if (pumpBeat.stalled(now, pending.hasClaimWork())) {
      stalled.add(pumpBeat.loop());
    }
    if (drainBeat.stalled(now, pending.hasResults())) {
      stalled.add(drainBeat.loop());
    }
    return stalled;
  }

  /**
   * Wakes each delivery when it is due: in-memory timers for near ones, the sweeper for the rest.
   */
  public void wakeWhenDue(List<DeliveryStore.Retry> retries) {
    scheduleRetries(retries);
  }

  private void scheduleRetries(List<DeliveryStore.Retry> retries) {
    Instant horizon = Instant.now().plus(NEAR);
    for (DeliveryStore.Retry retry : retries) {
      if (!retry.at().isAfter(horizon)) {
        nearWakeUps.add(retry.at().toEpochMilli(), retry.deliveryId());
      }
    }
  }
}
