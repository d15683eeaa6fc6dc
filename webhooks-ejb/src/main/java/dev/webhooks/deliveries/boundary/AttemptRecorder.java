package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.AttemptInbox;
import dev.webhooks.deliveries.control.AttemptResult;
import dev.webhooks.deliveries.control.DeliveryJob;
import dev.webhooks.deliveries.control.DeliveryStore;
import dev.webhooks.deliveries.control.NearWakeUps;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes attempt outcomes in batches (one transaction for many attempts) and wakes near retries on
 * time with in-memory timers; far retries are left to the sweeper, so memory stays bounded at any
 * backlog.
 */
@Singleton
@Startup
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

  @Inject dev.webhooks.deliveries.control.DeliveryWorker worker;

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
    scheduleRetries(store.record(List.of(result), Instant.now()));
  }

  /** Claims woken deliveries in batches and sends them; the claim is one transaction per batch. */
  void pumpClaims() {
    try {
      // Jobs that were given a freed slot go first, in every round: while wake-ups keep arriving
      // the loop may run for long, and jobs waiting behind it would hold their endpoint's slots
      // (under steady load every new claim then found the endpoint full).
      boolean more = true;
      while (more) {
        List<DeliveryJob> ready = pending.drainReady();
        if (!ready.isEmpty()) {
          worker.send(ready, pending::add);
        }
        List<AttemptInbox.ClaimedIds> claimed = pending.drainClaimed(CLAIM_BATCH);
        if (!claimed.isEmpty()) {
          scheduleRetries(worker.processClaimed(claimed, pending::add));
        }
        List<Long> ids = pending.drainClaims(CLAIM_BATCH);
        if (!ids.isEmpty()) {
          scheduleRetries(worker.process(ids, pending::add));
        }
        more = !ready.isEmpty() || !claimed.isEmpty() || !ids.isEmpty();
      }
    } catch (RuntimeException e) {
      // The deliveries stay queued; the sweeper wakes them again once their wake-up counts as lost.
      LOG.log(Level.WARNING, "claiming deliveries failed", e);
    }
  }

  static final int CLAIM_BATCH = 200;

  void drain() {
    try {
      // Deliveries whose endpoint has a free slot again, and near retries now due, go straight to
      // the claim pump.
      pending.claimLater(pending.drainWakeUps());
      pending.claimLater(nearWakeUps.pollDue(System.currentTimeMillis()));
      while (!pending.isEmpty()) {
        List<AttemptResult> batch = new ArrayList<>(BATCH);
        AttemptResult r;
        while (batch.size() < BATCH && (r = pending.poll()) != null) {
          batch.add(r);
        }
        if (batch.isEmpty()) {
          return;
        }
        try {
          // A deadlock victim is rolled back whole: recording the same batch again is safe.
          scheduleRetries(
              dev.webhooks.shared.Contention.retry(5, () -> store.record(batch, Instant.now())));
        } catch (RuntimeException e) {
          // The deliveries stay claimed; their lease runs out and the sweeper sends them again.
          LOG.log(Level.WARNING, "could not record " + batch.size() + " attempts", e);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "attempt recorder failed", e);
    }
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
