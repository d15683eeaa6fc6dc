package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Deliveries written in the current transaction, to be started once it commits: {@code wake} over
 * JMS, {@code claimed} (claimed in that transaction under {@code claimToken}) handed to this
 * server's workers in memory. Fired inside the transaction; observed after success only.
 */
public record DeliveriesWaiting(List<Long> wake, String claimToken, List<Long> claimed) {

  /** Starts them after the commit, never before (a worker would not see uncommitted rows). */
  @ApplicationScoped
  public static class AfterCommit {
    @Inject DeliveryQueue queue;
    @Inject AttemptInbox inbox;

    void started(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesWaiting waiting) {
      queue.wake(waiting.wake());
      if (!waiting.claimed().isEmpty()) {
        inbox.sendClaimed(waiting.claimToken(), waiting.claimed());
      }
    }
  }
}
