package bench;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the receiver saw: for every (endpoint, webhook-id) pair, the arrival times of each POST.
 * Arrivals are kept per group (one group per scenario run) so scenarios sharing one receiver never
 * count each other's traffic, and a finished group can be dropped to free memory.
 */
final class Recorder {
  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

  Group group(String name) {
    return groups.computeIfAbsent(name, Group::new);
  }

  void drop(String name) {
    groups.remove(name);
  }

  /**
   * Arrivals of one delivery (same endpoint, same webhook-id): the first is the delivery, the rest
   * duplicates.
   */
  static final class Hits {
    private long[] nanos = new long[1];
    private int count;

    synchronized int add(long t) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count] = t;
      return ++count;
    }

    synchronized long first() {
      return nanos[0];
    }

    synchronized int count() {
      return count;
    }

    synchronized long[] times() {
      return Arrays.copyOf(nanos, count);
    }
  }

  static final class Group {
    final String name;
    private final ConcurrentHashMap<String, Hits> byKey = new ConcurrentHashMap<>();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    Group(String name) {
      this.name = name;
    }

    /**
     * Records one POST and returns how many times this delivery has now arrived (1 = first time).
     */
    int record(String endpoint, String webhookId, long nanos) {
      total.incrementAndGet();
      Hits h = byKey.computeIfAbsent(key(endpoint, webhookId), k -> new Hits());
      int n = h.add(nanos);
      if (n == 1) {
        distinct.incrementAndGet();
      }
      return n;
    }

    /** Distinct deliveries seen: the throughput figures count these. */
    long distinct() {
      return distinct.get();
    }

    /** Every POST, duplicates included. */
    long total() {
      return total.get();
    }

    Hits hits(String endpoint, String webhookId) {
      return byKey.get(key(endpoint, webhookId));
    }

    /** Arrival of the first POST of this delivery, or -1 when it has not arrived. */
    long firstArrival(String endpoint, String webhookId) {
      Hits h = hits(endpoint, webhookId);
      return h == null ? -1 : h.first();
    }

    /** Number of distinct webhook-ids seen at one endpoint that are not in {@code known}. */
    long unknownIds(String endpoint, Set<String> known) {
      String prefix = endpoint + ' ';
      return byKey.keySet().stream()
          .filter(k -> k.startsWith(prefix) && !known.contains(k.substring(prefix.length())))
          .count();
    }

    /** The first arrival of every delivery seen ({@code System.nanoTime()}), earliest first. */
    long[] firstArrivals() {
      return byKey.values().stream().mapToLong(Hits::first).sorted().toArray();
    }

    private static String key(String endpoint, String webhookId) {
      return endpoint + ' ' + webhookId;
    }
  }
}
