package dev.webhooks.events.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.events.control.EventStore;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.spi.IncomingEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit's bookkeeping with a store that records its transactions: every request gets its own
 * outcome, and one request's failure stays with it.
 */
class GroupCommitTest {
  private final ExecutorService threads = Executors.newFixedThreadPool(32);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** A store whose "transactions" accept every event of a type not starting with "refuse". */
  static final class FakeStore extends EventStore {
    final List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger alone = new AtomicInteger();
    volatile String failIntakeOf;
    volatile boolean breakGroups;
    volatile Error error;
    final CountDownLatch slowFirst = new CountDownLatch(1);

    /** The first transactions (as many as run at once) wait for {@link #slowFirst}. */
    final AtomicInteger held = new AtomicInteger();

    volatile boolean holdFirst;

    /** How long each transaction takes, so that requests arrive while both places are taken. */
    volatile long workMillis;

    private void maybeHold() {
      if (workMillis > 0) {
        try {
          Thread.sleep(workMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (holdFirst && held.incrementAndGet() <= GroupCommit.MAX_COMMITTERS) {
        await(slowFirst);
      }
    }

    @Override
    public List<EventStore.Outcome> acceptGroup(List<EventStore.Submitted> requests) {
      maybeHold();
      if (error != null) {
        throw error;
      }
      if (breakGroups) {
        throw new IllegalStateException("deadlock victim");
      }
      for (int i = 0; i < requests.size(); i++) {
        if (requests.get(i).events().get(0).type().equals(failIntakeOf)) {
          throw new EventStore.PartFailed(i, new IllegalStateException("intake"));
        }
      }
      groupSizes.add(requests.size());
      return requests.stream().map(FakeStore::outcome).toList();
    }

    List<AcceptedEvent> single(EventStore.Submitted r) {
      maybeHold();
      alone.incrementAndGet();
      EventStore.Outcome o = outcome(r);
      if (o.refused() != null) {
        throw o.refused();
      }
      return o.accepted();
    }

    static EventStore.Outcome outcome(EventStore.Submitted r) {
      String type = r.events().get(0).type();
      if (type.startsWith("refuse")) {
        return new EventStore.Outcome(null, ApiFailure.overLimit("events", type));
      }
      return new EventStore.Outcome(
          List.of(new AcceptedEvent(1L, type, 1, List.of(), null, List.of(), false, null)), null);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Lets the held first transactions go once {@code n} requests wait behind it (polled, with a
   * deadline: after it they are let go anyway, and the test's assertions say what grouped).
   */
  private static Thread releaseWhenWaiting(GroupCommit g, FakeStore store, int n) {
    Thread t =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              while (g.waiting() < n && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              store.slowFirst.countDown();
            });
    t.start();
    return t;
  }

  private static GroupCommit commit(FakeStore store) {
    GroupCommit g = new GroupCommit();
    g.store = store;
    return g;
  }

  private static List<IncomingEvent> event(String type) {
    return List.of(IncomingEvent.routed(type, "{}", null, null));
  }

  /** Submits {@code types}, one request each, all at once; returns each one's answer or failure. */
  private Map<String, Object> submitAll(GroupCommit g, FakeStore store, List<String> types)
      throws Exception {
    Function<EventStore.Submitted, List<AcceptedEvent>> alone = store::single;
    Map<String, Object> answers = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (String type : types) {
      running.add(
          threads.submit(
              () -> {
                await(go);
                try {
                  answers.put(type, g.submit(1L, event(type), alone).get(0).publicId());
                } catch (RuntimeException e) {
                  answers.put(type, e);
                }
              }));
    }
    go.countDown();
    for (Future<?> f : running) {
      f.get(20, TimeUnit.SECONDS);
    }
    return answers;
  }

  private static List<String> types(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Test
  void requestsThatArriveTogetherShareTransactionsAndEachGetsItsOwnAnswer() throws Exception {
    FakeStore store = new FakeStore();
    GroupCommit g = commit(store);
    // The first transactions are held until the others wait behind them, so that they group.
    store.holdFirst = true;
    List<String> types = types("t", 200);
    // 32 threads submit: two commit (held), the rest wait.
    Thread release = releaseWhenWaiting(g, store, 25);
    Map<String, Object> answers = submitAll(g, store, types);
    release.join();
    for (String t : types) {
      assertEquals(t, answers.get(t), "the answer of " + t);
    }
    int inGroups = store.groupSizes.stream().mapToInt(Integer::intValue).sum();
    assertEquals(200, inGroups + store.alone.get(), "every request stored once");
    assertTrue(
        store.groupSizes.stream().anyMatch(n -> n > 10),
        "requests waiting together share a transaction: " + store.groupSizes);
    assertTrue(store.groupSizes.stream().allMatch(n -> n <= GroupCommit.MAX_REQUESTS));
  }

  @Test
  void everyWaitingRequestIsWokenWithoutPolling() throws Exception {
    FakeStore store = new FakeStore();
    GroupCommit g = commit(store);
    // A waiter that depended on looking again would wait an hour: submitAll's 20 s would fail.
    g.lookAgainNanos = TimeUnit.HOURS.toNanos(1);
    // Each transaction takes a while, so most requests find both places taken and wait.
    store.workMillis = 2;
    for (int round = 0; round < 20; round++) {
      List<String> types = types("w" + round + "-", 32);
      Map<String, Object> answers = submitAll(g, store, types);
      for (String t : types) {
        assertEquals(t, answers.get(t), "the answer of " + t);
      }
    }
    assertEquals(0, g.waiting());
  }

  @Test
  void aRefusedRequestGetsItsFailureAndTheOthersTheirEvents() throws Exception {
    FakeStore store = new FakeStore();
    List<String> types = new ArrayList<>(types("t", 50));
    types.add("refuse-me");
    Map<String, Object> answers = submitAll(commit(store), store, types);
    assertTrue(answers.get("refuse-me") instanceof ApiFailure, "" + answers.get("refuse-me"));
    types("t", 50).forEach(t -> assertEquals(t, answers.get(t)));
  }

  @Test
  void aRequestWhoseIntakeFailsIsRunAloneAndTheOthersGroupAgain() throws Exception {
    FakeStore store = new FakeStore();
    store.failIntakeOf = "t7";
    store.holdFirst = true;
    GroupCommit g = commit(store);
    releaseWhenWaiting(g, store, 25);
    Map<String, Object> answers = submitAll(g, store, types("t", 40));
    types("t", 40).forEach(t -> assertEquals(t, answers.get(t), t));
    assertTrue(store.alone.get() >= 1, "t7 alone");
  }

  @Test
  void aGroupThatFailsRunsEachRequestAlone() throws Exception {
    FakeStore store = new FakeStore();
    store.breakGroups = true;
    Map<String, Object> answers = submitAll(commit(store), store, types("t", 40));
    types("t", 40).forEach(t -> assertEquals(t, answers.get(t), t));
  }

  @Test
  void anErrorInATransactionFailsItsRequestsAndLeavesNoneWaiting() throws Exception {
    FakeStore store = new FakeStore();
    store.error = new StackOverflowError("a style's");
    GroupCommit g = commit(store);
    Map<String, Object> answers = submitAll(g, store, types("t", 40));
    for (String t : types("t", 40)) {
      Object a = answers.get(t);
      // Grouped requests fail with the error; a request that found nobody to group with ran alone.
      assertTrue(a instanceof RuntimeException || t.equals(a), t + ": " + a);
    }
    store.error = null;
    assertEquals("after", g.submit(1L, event("after"), store::single).get(0).publicId());
  }

  @Test
  void aLargeRequestIsStoredAloneAtOnce() {
    FakeStore store = new FakeStore();
    List<IncomingEvent> many = new ArrayList<>();
    for (int i = 0; i <= GroupCommit.MAX_EVENTS; i++) {
      many.add(IncomingEvent.routed("big", "{}", null, null));
    }
    RuntimeException refused = new IllegalStateException("x");
    assertSame(
        refused,
        assertThrows(
            IllegalStateException.class,
            () ->
                commit(store)
                    .submit(
                        1L,
                        many,
                        r -> {
                          throw refused;
                        })));
  }
}
