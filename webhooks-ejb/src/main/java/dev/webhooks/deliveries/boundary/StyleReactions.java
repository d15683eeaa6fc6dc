package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.Heartbeat;
import dev.webhooks.deliveries.control.ReactionQueue;
import dev.webhooks.deliveries.control.Reactions;
import dev.webhooks.shared.Failures;
import dev.webhooks.spi.DeliveryStyle;
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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the styles' reactions ({@link DeliveryStyle#onFinished}, {@link DeliveryStyle#onDisabled})
 * owed as rows, each in a transaction of its own ({@link Reactions}). Reactions just committed run
 * at once; the sweep here finds the rest (a server that stopped before running them, a reaction
 * that failed and is due again). One thread runs them in order, so reactions to one Job run never
 * race each other.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class StyleReactions {
  private static final Logger LOG = Logger.getLogger(StyleReactions.class.getName());
  static final int SWEEP_BATCH = 500;

  @Resource(lookup = "concurrent/webhooks/DeliveryScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject ReactionQueue queue;
  @Inject Reactions reactions;

  private ScheduledFuture<?> runner;
  private ScheduledFuture<?> sweeper;
  private final Heartbeat beat = new Heartbeat("style reactions", System.currentTimeMillis());
  private volatile boolean running;

  @PostConstruct
  void start() {
    queue.isEmpty(); // made on the starting thread, not by a loop's (see DispatchLoops.start)
    runner = scheduler.scheduleWithFixedDelay(this::runQueued, 50, 20, TimeUnit.MILLISECONDS);
    sweeper = scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    runner.cancel(false);
    sweeper.cancel(false);
  }

  /** Runs what is queued; nothing escapes (the next round runs again). */
  void runQueued() {
    beat.beat(System.currentTimeMillis());
    try {
      Long id;
      while ((id = queue.poll()) != null) {
        beat.beat(System.currentTimeMillis());
        running = true;
        run(id);
        running = false;
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "style reactions round failed: " + Failures.describe(t), t);
    }
  }

  /** Queues the reactions that are due: not run in memory in time, or failed and due again. */
  void sweep() {
    try {
      queue.offer(reactions.due(Instant.now(), SWEEP_BATCH));
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "style reactions sweep failed: " + Failures.describe(t), t);
    }
  }

  /** This loop, if it has reactions waiting and has not run for 30 s (a reaction hangs). */
  public List<String> stalledLoops() {
    return beat.stalled(System.currentTimeMillis(), running || !queue.isEmpty())
        ? List.of(beat.loop())
        : List.of();
  }

  private void run(Long id) {
    try {
      reactions.run(id);
    } catch (Throwable t) {
      String why = Failures.describe(t);
      try {
        boolean again = reactions.failed(id, why);
        LOG.log(
            again ? Level.WARNING : Level.SEVERE,
            "style reaction "
                + id
                + (again ? " failed; it is tried again later: " : " failed for good: ")
                + why);
      } catch (Throwable t2) {
        LOG.log(Level.WARNING, "style reaction " + id + " failed: " + why, t2);
      }
    }
  }
}
