package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A tenant whose tasks are slow delays its own tasks, not another tenant's. */
class TenantLanesTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aTenantWhoseTasksBlockHoldsOnlyItsOwnLanes() throws Exception {
    TenantLanes lanes = new TenantLanes(pool, 2);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger hostileStarted = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      lanes.submit(
          1L,
          () -> {
            hostileStarted.incrementAndGet();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    CountDownLatch healthy = new CountDownLatch(10);
    for (int i = 0; i < 10; i++) {
      lanes.submit(2L, healthy::countDown);
    }
    assertTrue(
        healthy.await(10, TimeUnit.SECONDS),
        "the other tenant's tasks ran while the first tenant's hung");
    assertEquals(2, hostileStarted.get(), "the blocked tenant runs two at a time");
    assertEquals(98, lanes.waiting(1L));

    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hostileStarted.get() < 100 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(100, hostileStarted.get(), "every task of the slow tenant ran in the end");
  }

  @Test
  void aTenantsTasksRunInOrderWithinOneLaneAndAThrowingTaskDoesNotStopIt() throws Exception {
    TenantLanes lanes = new TenantLanes(pool, 1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 50; i++) {
      int n = i;
      lanes.submit(
          7L,
          () -> {
            ran.add(n);
            if (n == 10) {
              throw new StackOverflowError();
            }
            if (n == 49) {
              done.countDown();
            }
          });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 50; i++) {
      assertEquals(i, ran.get(i));
    }
  }

  /**
   * A busy tenant's waiting tasks run in turns of the executor, not one hand-over each; and a turn
   * ends, so the executor's other tasks get their place between two turns.
   */
  @Test
  void aLaneRunsItsWaitingTasksInTurnsOfTheExecutor() {
    java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
    java.util.concurrent.atomic.AtomicInteger handedOver =
        new java.util.concurrent.atomic.AtomicInteger();
    TenantLanes lanes =
        new TenantLanes(
            r -> {
              handedOver.incrementAndGet();
              queued.add(r);
            },
            2);
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      lanes.submit(7L, ran::incrementAndGet);
    }
    assertEquals(2, handedOver.get(), "two tasks of the tenant in the executor at a time");
    assertEquals(998, lanes.waiting(7L));
    Runnable next;
    while ((next = queued.poll()) != null) {
      next.run();
    }
    assertEquals(1000, ran.get());
    assertTrue(
        handedOver.get() <= 2 + 1000 / TenantLanes.TURN_TASKS + 2,
        handedOver.get() + " hand-overs for 1000 tasks");
    assertTrue(handedOver.get() > 2, "a turn ends after at most TURN_TASKS tasks");
  }
}
