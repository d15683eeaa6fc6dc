package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.DeliveryStore;
import dev.webhooks.deliveries.control.Dispatcher;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The safety net under the fast path. A non-persistent EJB timer, every second, hands the {@link
 * Dispatcher} the deliveries due (far retries, which are only rows with a due time, and near ones
 * whose in-memory wake-up was lost), takes back claims whose lease ended, and wakes queued
 * deliveries the dispatcher lost. It holds back while the dispatcher has many waiting, so a large
 * backlog drains at the workers' pace.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "MemberHeartbeat"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeliverySweeper {
  private static final Logger LOG = Logger.getLogger(DeliverySweeper.class.getName());

  /** Retries due this long ago are the sweeper's; nearer ones belong to their in-memory timer. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** A queued delivery not claimed after this long is considered lost by the dispatcher. */
  static final Duration LOST_AFTER = Duration.ofSeconds(60);

  static final int BATCH = 2000;
  static final long MAX_OUTSTANDING = 20_000;

  @Inject DeliveryStore store;
  @Inject Dispatcher dispatcher;

  @Resource(lookup = "concurrent/webhooks/DeliveryScheduler")
  ManagedScheduledExecutorService scheduler;

  private final AtomicBoolean running = new AtomicBoolean();
  private long sweeps;

  @PostConstruct
  void afterStart() {
    // What this server's earlier incarnation held was given back when this one registered
    // (MemberHeartbeat); the first sweep sends it.
    // Persistent timers start polling some seconds after start-up; do not make recovered work wait
    // for them.
    scheduler.schedule(this::sweepNow, 2, TimeUnit.SECONDS);
  }

  /**
   * Every second, on every server, in memory: a persistent timer belongs to the server that created
   * it, so on a database moved to another server (or a member that replaced a dead one) it would
   * never fire there, and nothing would find far retries or released deliveries.
   */
  @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "delivery-sweeper")
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sweep() {
    sweepNow();
  }

  void sweepNow() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant now = Instant.now();
      // Expired leases (15 minutes) and lost wake-ups (a minute) are looked for every tenth sweep:
      // both scans read every claimed or queued row, which under a backlog is most of the work
      // of a sweep, and neither is urgent at the second.
      boolean full = sweeps++ % 10 == 0;
      if (full) {
        dispatcher.wake(store.releaseExpiredLeases(now, BATCH));
      }
      int rounds = 0;
      while (dispatcher.backlog() < MAX_OUTSTANDING && rounds++ < 10) {
        List<Long> due = store.queueDue(now.minus(GRACE), now, BATCH);
        dispatcher.wake(due);
        if (due.size() < BATCH) {
          break;
        }
      }
      if (full && dispatcher.backlog() < MAX_OUTSTANDING) {
        dispatcher.wake(store.staleQueued(now.minus(LOST_AFTER), now, BATCH));
        dispatcher.wake(store.repairSequences(now, BATCH));
      }
    } catch (Throwable t) {
      // A timer callback that throws is retried, but the executor task that runs the first sweep is
      // not: nothing escapes.
      LOG.log(Level.WARNING, "delivery sweep failed; the next one retries", t);
    } finally {
      running.set(false);
    }
  }
}
