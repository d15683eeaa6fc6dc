package dev.webhooks.deliveries.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the work of starting attempts (a style builds the request: renders a template, signs, reads
 * a cached token) on a shared executor, fairly between tenants: at most {@code perTenant} tasks of
 * one tenant run or wait in the executor at a time; a tenant's further tasks wait in its own lane,
 * in order. So a tenant whose every request is slow to build (a template that takes its whole
 * render budget) delays its own deliveries, and another tenant's task waits behind at most {@code
 * perTenant} tasks of each other tenant, never behind a tenant's whole backlog. No task runs on the
 * caller's thread: the claim pump never builds a request.
 */
final class TenantLanes {
  private static final Logger LOG = Logger.getLogger(TenantLanes.class.getName());

  /** How long one turn of a lane in the executor may run tasks, at most. */
  static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** Tasks in one turn at most. */
  static final int TURN_TASKS = 64;

  private final Executor executor;
  private final int perTenant;

  /** A tenant's lane lives while it has tasks; an idle one is dropped after a minute. */
  private final Cache<Long, Lane> lanes =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(1)).build();

  TenantLanes(Executor executor, int perTenant) {
    this.executor = executor;
    this.perTenant = Math.max(1, perTenant);
  }

  /** Runs {@code task} for {@code tenantId} when its lane has room; never on this thread. */
  void submit(Long tenantId, Runnable task) {
    Lane lane = lanes.get(tenantId, k -> new Lane());
    synchronized (lane) {
      if (lane.running >= perTenant) {
        lane.waiting.add(task);
        return;
      }
      lane.running++;
    }
    start(lane, task);
  }

  /** Tasks of a tenant waiting in its lane (not yet given to the executor). */
  int waiting(Long tenantId) {
    Lane lane = lanes.getIfPresent(tenantId);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.waiting.size();
    }
  }

  private void start(Lane lane, Runnable task) {
    try {
      executor.execute(() -> run(lane, task));
    } catch (RejectedExecutionException e) {
      // The executor is shutting down (or its queue is bounded and full): run it here rather than
      // lose the job; the caller is the pump or an HTTP client thread, and this is rare.
      LOG.log(Level.WARNING, "attempt executor refused a task; running it in place", e);
      run(lane, task);
    }
  }

  /**
   * Runs {@code task}, then the lane's next tasks in the same turn of the executor while the turn
   * lasts ({@link #TURN_NANOS}, {@link #TURN_TASKS}): one hand-over to the executor per task was
   * what bounded a busy tenant's deliveries (two tasks at a time, each waiting for a thread). Past
   * the turn the lane's next task goes back to the executor's queue, behind other tenants' tasks.
   */
  private void run(Lane lane, Runnable task) {
    long turnEnds = System.nanoTime() + TURN_NANOS;
    Runnable current = task;
    for (int done = 1; ; done++) {
      runGuarded(current);
      Runnable next;
      synchronized (lane) {
        next = lane.waiting.poll();
        if (next == null) {
          lane.running--;
          return;
        }
      }
      if (done >= TURN_TASKS || System.nanoTime() - turnEnds > 0) {
        start(lane, next);
        return;
      }
      current = next;
    }
  }

  private static void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      // The task guards itself (DeliveryWorker.attempt); this keeps the lane moving regardless.
      LOG.log(Level.WARNING, "an attempt task failed", t);
    }
  }

  /** One tenant's tasks: how many run or wait in the executor, and the rest in order. */
  private static final class Lane {
    int running;
    final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  }
}
