package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Finished attempts waiting to be recorded. Filled from the HTTP client's I/O threads, which must
 * not call into the EJB container, and drained by the recorder in batches.
 */
@ApplicationScoped
public class AttemptInbox {
  private final ConcurrentLinkedQueue<AttemptResult> results = new ConcurrentLinkedQueue<>();

  public void add(AttemptResult r) {
    results.add(r);
  }

  public AttemptResult poll() {
    return results.poll();
  }

  public boolean isEmpty() {
    return results.isEmpty() && wakeUps.isEmpty();
  }

  /** Whether finished attempts wait to be recorded. */
  public boolean hasResults() {
    return !results.isEmpty();
  }

  /** Whether deliveries wait to be claimed or sent by the claim pump. */
  public boolean hasClaimWork() {
    return !toClaim.isEmpty() || !claimed.isEmpty() || !ready.isEmpty();
  }

  private final ConcurrentLinkedQueue<Long> wakeUps = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> toClaim = new ConcurrentLinkedQueue<>();

  /**
   * Deliveries whose wake-up arrived, to be claimed together: one claim transaction for many
   * wake-ups instead of one per JMS message (each commit is a forced log write in Derby).
   */
  public void claimLater(List<Long> ids) {
    toClaim.addAll(ids);
  }

  public List<Long> drainClaims(int max) {
    return drain(toClaim, max);
  }

  /** Up to {@code max} elements taken off {@code queue}, oldest first. */
  private static <T> List<T> drain(ConcurrentLinkedQueue<T> queue, int max) {
    List<T> out = new ArrayList<>();
    T next;
    while (out.size() < max && (next = queue.poll()) != null) {
      out.add(next);
    }
    return out;
  }

  /** Deliveries claimed at ingest, with their claim token. */
  public record ClaimedIds(String token, List<Long> ids) {}

  private final ConcurrentLinkedQueue<ClaimedIds> claimed = new ConcurrentLinkedQueue<>();

  public void sendClaimed(String token, List<Long> ids) {
    claimed.add(new ClaimedIds(token, ids));
  }

  /** Claimed batches adding up to about {@code max} ids. */
  public List<ClaimedIds> drainClaimed(int max) {
    List<ClaimedIds> out = new ArrayList<>();
    int n = 0;
    ClaimedIds c;
    while (n < max && (c = claimed.poll()) != null) {
      out.add(c);
      n += c.ids().size();
    }
    return out;
  }

  private final ConcurrentLinkedQueue<DeliveryJob> ready = new ConcurrentLinkedQueue<>();

  /** A held job that was given a slot of its endpoint: to be sent now. */
  public void ready(DeliveryJob job) {
    ready.add(job);
  }

  public List<DeliveryJob> drainReady() {
    return drain(ready, Integer.MAX_VALUE);
  }

  /** A delivery to wake now (a slot of its endpoint freed up). */
  public void wake(Long deliveryId) {
    wakeUps.add(deliveryId);
  }

  public List<Long> drainWakeUps() {
    return drain(wakeUps, Integer.MAX_VALUE);
  }
}
