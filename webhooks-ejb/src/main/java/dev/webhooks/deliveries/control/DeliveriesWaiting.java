package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deliveries written in the current transaction, to be started once it commits: {@code wake} to be
 * claimed by this server's dispatcher, {@code claimed} (claimed in that transaction under {@code
 * claimToken}) sent without another claim; {@code eventsAccepted} counted in the metrics once
 * committed. Fired inside the transaction; observed after success only.
 */
public record DeliveriesWaiting(
    List<Long> wake, String claimToken, List<Long> claimed, int eventsAccepted) {

  /**
   * Starts them after the commit, never before (a worker would not see uncommitted rows). In memory
   * only: the transaction's context is undefined after its completion, so no JMS or database work
   * is done there. What a crash loses here is found again: claimed rows when the server restarts or
   * their lease ends, the others by the sweep.
   */
  @ApplicationScoped
  public static class AfterCommit {
    @Inject Dispatcher dispatcher;
    @Inject EngineMetrics metrics;

    void started(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesWaiting waiting) {
      dispatcher.claimedAtIngest(waiting.claimToken(), waiting.claimed());
      Set<Long> claimed = new HashSet<>(waiting.claimed());
      dispatcher.wake(waiting.wake().stream().filter(id -> !claimed.contains(id)).toList());
      metrics.eventsAccepted(waiting.eventsAccepted());
    }
  }
}
