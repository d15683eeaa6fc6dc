package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ids of reactions to run, in memory: those just committed (observed after success only) and those
 * the sweep found due. Bounded: beyond {@link #MAX} ids, the rows wait for the sweep.
 */
@ApplicationScoped
public class ReactionQueue {
  static final int MAX = 10_000;

  private final Set<Long> ids = new LinkedHashSet<>();

  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReactionsOwed owed) {
    offer(owed.ids());
  }

  public synchronized void offer(List<Long> more) {
    for (Long id : more) {
      if (ids.size() >= MAX) {
        return;
      }
      ids.add(id);
    }
  }

  public synchronized boolean isEmpty() {
    return ids.isEmpty();
  }

  /** The next id to run, or null. */
  public synchronized Long poll() {
    var it = ids.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Long id = it.next();
    it.remove();
    return id;
  }
}
