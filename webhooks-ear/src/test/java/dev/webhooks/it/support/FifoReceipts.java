package dev.webhooks.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.tools.Receiver.Received;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A FIFO receiver's side of the bargain: answers requests for events {@code {"key", "n"}}, failing
 * a share of first attempts at random, and checks the order they came in. For every key: no attempt
 * of event n before event n-1 was answered 2xx, no request for an event after a request for a later
 * one (a crash may send one twice, never after its successor), the first successful receipts
 * strictly increasing and complete.
 */
public final class FifoReceipts {
  private final double failShare;
  private final Random random;
  private final Map<String, List<Integer>> arrivals = new HashMap<>();
  private final Map<String, List<Integer>> firstSuccesses = new HashMap<>();

  /** When each event's first 2xx answer was sent (nanoTime, after the answer's delay). */
  private final Map<String, Map<Integer, Long>> succeeded = new HashMap<>();

  private final Set<String> seen = new HashSet<>();
  private final List<String> violations = new ArrayList<>();
  private final Duration delay;
  private int failures;
  private int successes;

  public FifoReceipts(double failShare, long seed) {
    this(failShare, seed, Duration.ZERO);
  }

  /** Each answer after {@code delay}. */
  public FifoReceipts(double failShare, long seed, Duration delay) {
    this.failShare = failShare;
    this.random = new Random(seed);
    this.delay = delay;
  }

  /** An event of {@code key}, number {@code n}, as submitted ({@code orderingKey} set). */
  public static String event(String key, int n) {
    return "{\"type\":\"fifo.test\",\"data\":{\"key\":\""
        + key
        + "\",\"n\":"
        + n
        + "},\"orderingKey\":\""
        + key
        + "\"}";
  }

  public static String key(Received r) {
    return data(r).getString("key");
  }

  public static int n(Received r) {
    return data(r).getInt("n");
  }

  private static JsonObject data(Received r) {
    return JsonBodies.object(r.bodyText()).getJsonObject("data");
  }

  public synchronized Reply answer(Received r) {
    String key = key(r);
    int n = n(r);
    List<Integer> arrived = arrivals.computeIfAbsent(key, k -> new ArrayList<>());
    if (!arrived.isEmpty() && arrived.get(arrived.size() - 1) > n) {
      violations.add(key + ": " + n + " arrived after " + arrived.get(arrived.size() - 1));
    }
    arrived.add(n);
    long now = System.nanoTime();
    Map<Integer, Long> ok = succeeded.computeIfAbsent(key, k -> new HashMap<>());
    Long previous = ok.get(n - 1);
    if (n > 0 && (previous == null || previous > now)) {
      violations.add(key + ": " + n + " attempted before " + (n - 1) + " was answered 2xx");
    }
    boolean first = seen.add(key + "/" + n);
    if (first && random.nextDouble() < failShare) {
      failures++;
      return Reply.status(500).after(delay);
    }
    if (ok.putIfAbsent(n, now + delay.toNanos()) == null) {
      firstSuccesses.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
      successes++;
    }
    return Reply.status(204).after(delay);
  }

  /** Events answered 2xx at least once. */
  public synchronized int succeededCount() {
    return successes;
  }

  public synchronized int failuresAnswered() {
    return failures;
  }

  /** Every key {@code k0..} got events 0..perKey-1, each first succeeding in order. */
  public synchronized void assertInOrder(int keys, int perKey) {
    assertEquals(List.of(), violations, "order violations");
    List<Integer> expected = new ArrayList<>();
    for (int n = 0; n < perKey; n++) {
      expected.add(n);
    }
    assertEquals(keys, firstSuccesses.size(), "keys that received events");
    for (Map.Entry<String, List<Integer>> e : firstSuccesses.entrySet()) {
      assertEquals(expected, e.getValue(), "first successful receipts of " + e.getKey());
    }
    assertTrue(successes == keys * perKey, successes + " events succeeded");
  }
}
