package dev.webhooks.deliveries.control;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Deliveries to wake at a time in the near future, in one priority queue polled by the recorder's
 * tick. It replaces one managed scheduled task per delivery: profiling under load showed the
 * container's scheduler spending most of its time purging its own list of futures, which grows with
 * every task. Bounded; what does not fit is left to the sweeper, which finds every due delivery in
 * the database anyway.
 */
public final class NearWakeUps {
  private record Due(long atMillis, long seq, Long deliveryId) {}

  private final PriorityQueue<Due> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.atMillis != b.atMillis
                  ? Long.compare(a.atMillis, b.atMillis)
                  : Long.compare(a.seq, b.seq));
  private final int capacity;
  private long seq;

  public NearWakeUps(int capacity) {
    this.capacity = capacity;
  }

  /** False if full: the caller leaves the delivery to the sweeper. */
  public synchronized boolean add(long atMillis, Long deliveryId) {
    if (queue.size() >= capacity) {
      return false;
    }
    queue.add(new Due(atMillis, seq++, deliveryId));
    return true;
  }

  /** Removes and returns the deliveries due at {@code nowMillis}, earliest first. */
  public synchronized List<Long> pollDue(long nowMillis) {
    List<Long> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().atMillis <= nowMillis) {
      due.add(queue.poll().deliveryId);
    }
    return due;
  }

  public synchronized int size() {
    return queue.size();
  }
}
