package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
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

  private final ConcurrentLinkedQueue<Long> wakeUps = new ConcurrentLinkedQueue<>();

  /** A delivery to wake now (a slot of its endpoint freed up). */
  public void wake(Long deliveryId) {
    wakeUps.add(deliveryId);
  }

  public java.util.List<Long> drainWakeUps() {
    java.util.List<Long> out = new java.util.ArrayList<>();
    Long id;
    while ((id = wakeUps.poll()) != null) {
      out.add(id);
    }
    return out;
  }
}
