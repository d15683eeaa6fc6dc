package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.Dispatcher;
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
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link Dispatcher}'s two loops on the server's managed scheduler: the claim pump every 5
 * ms and the recorder every 10 ms (each round runs until it finds no work). A scheduled task that
 * throws is never run again, so nothing escapes a round: whatever it throws is logged and the next
 * round runs.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "MemberHeartbeat"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DispatchLoops {
  private static final Logger LOG = Logger.getLogger(DispatchLoops.class.getName());

  @Resource(lookup = "concurrent/webhooks/DeliveryScheduler")
  ManagedScheduledExecutorService scheduler;

  @Inject Dispatcher dispatcher;

  private ScheduledFuture<?> pump;
  private ScheduledFuture<?> recorder;

  @PostConstruct
  void start() {
    // The dispatcher (and the EJB proxies injected into it) is made here, on the thread that starts
    // the application, before any loop runs. Made first by a loop's thread instead, its creation
    // waited for the application to finish starting while holding the bean's creation lock, and the
    // start itself waited for that lock: both stood still until the container's two-minute timeout
    // (seen on Derby and PostgreSQL, on a new database and on a restart).
    dispatcher.inFlight();
    recorder = scheduler.scheduleWithFixedDelay(this::record, 20, 10, TimeUnit.MILLISECONDS);
    pump = scheduler.scheduleWithFixedDelay(this::pump, 20, 5, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    pump.cancel(false);
    recorder.cancel(false);
    record();
  }

  void pump() {
    try {
      dispatcher.pumpRound();
    } catch (Throwable t) {
      // The deliveries stay where they are in the database; the sweep finds them again.
      LOG.log(Level.WARNING, "claim pump round failed: " + Failures.describe(t), t);
    }
  }

  void record() {
    try {
      dispatcher.recordRound();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "attempt recorder round failed: " + Failures.describe(t), t);
    }
  }

  /** The loops that have work waiting and have not run for 30 s: liveness is down while any is. */
  public List<String> stalledLoops() {
    return dispatcher.stalledLoops();
  }
}
