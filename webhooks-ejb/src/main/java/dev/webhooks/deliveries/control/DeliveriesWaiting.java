package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deliveries written in the current transaction, to be started once it commits: {@code wake} over
 * this server's claim pump, {@code claimed} (claimed in that transaction under {@code claimToken})
 * handed to its workers. Fired inside the transaction; observed after success only.
 */
public record DeliveriesWaiting(List<Long> wake, String claimToken, List<Long> claimed) {

  /**
   * Starts them after the commit, never before (a worker would not see uncommitted rows). In memory
   * only: the transaction's context is undefined after its completion, so no JMS or database work
   * is done there. What a crash loses here is found again: claimed rows when their lease ends, the
   * others by the sweeper.
   */
  @ApplicationScoped
  public static class AfterCommit {
    @Inject AttemptInbox inbox;

    void started(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesWaiting waiting) {
      if (!waiting.claimed().isEmpty()) {
        inbox.sendClaimed(waiting.claimToken(), waiting.claimed());
      }
      Set<Long> claimed = new HashSet<>(waiting.claimed());
      inbox.claimLater(waiting.wake().stream().filter(id -> !claimed.contains(id)).toList());
    }
  }
}
