package dev.webhooks.events.boundary;

import dev.webhooks.deliveries.boundary.AttemptMade;
import dev.webhooks.deliveries.boundary.Deliveries;
import dev.webhooks.deliveries.control.Dispatcher;
import dev.webhooks.deliveries.control.EngineMetrics;
import dev.webhooks.events.control.EventStore;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.IncomingEvent;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one way events enter the engine, for REST, JMS and every API style: store and fan out in one
 * transaction, then, only after it committed, wake the workers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventIngest {
  @Inject EventStore store;
  @Inject GroupCommit groups;
  @Inject Deliveries deliveries;
  @Inject Dispatcher dispatcher;
  @Inject EngineMetrics metrics;

  /**
   * Generic ingest: each style may reshape the events first. All or nothing. Requests that arrive
   * together share one transaction ({@link GroupCommit}); each returns after that commit.
   */
  public List<AcceptedEvent> submit(Long tenantId, List<IncomingEvent> events) {
    return woken(
        groups.submit(
            tenantId,
            events,
            r -> stored(() -> store.acceptSubmitted(r.tenantId(), r.events()), r.events())));
  }

  /** For styles that built their events themselves: no intake, straight to the store. */
  public List<AcceptedEvent> submitShaped(Long tenantId, List<IncomingEvent> events) {
    return woken(stored(() -> store.accept(tenantId, events), events));
  }

  private static List<AcceptedEvent> stored(
      Supplier<List<AcceptedEvent>> transaction, List<IncomingEvent> events) {
    try {
      return transaction.get();
    } catch (EJBException | PersistenceException e) {
      if (events.stream().noneMatch(ev -> ev.idempotencyKey() != null)) {
        throw e;
      }
      // A concurrent request took the same idempotency key first: this pass finds its event.
      return transaction.get();
    }
  }

  /** After the store's transaction committed: wakes its deliveries, hands claimed ones over. */
  private List<AcceptedEvent> woken(List<AcceptedEvent> accepted) {
    List<Long> wake = new ArrayList<>();
    List<Long> claimed = new ArrayList<>();
    Map<Long, EventView> events = new HashMap<>();
    String token = null;
    for (AcceptedEvent a : accepted) {
      wake.addAll(a.deliveryIds());
      claimed.addAll(a.claimedIds());
      if (a.event() != null) {
        events.put(a.id(), a.event());
      }
      token = a.claimToken() != null ? a.claimToken() : token;
    }
    dispatcher.wake(wake);
    // Deliveries claimed in the ingest transaction go to this server's workers directly: they are
    // committed (a crash releases them at restart), and a JMS hop per request was the largest
    // share of a single event's latency. JMS carries every other wake-up.
    if (!claimed.isEmpty()) {
      dispatcher.claimedAtIngest(token, claimed, events);
    }
    metrics.eventsAccepted((int) accepted.stream().filter(a -> !a.duplicate()).count());
    return accepted;
  }

  /**
   * Stores a directed event with one attempt allowed and makes that attempt now, in the caller's
   * thread (the Test actions of every style). The delivery is not handed to the workers, so no
   * worker can take it first. Empty when it could not be attempted (the endpoint is not
   * deliverable).
   */
  public Optional<AttemptMade> sendNow(Long tenantId, IncomingEvent event) {
    var accepted = store.acceptUnclaimed(tenantId, List.of(event));
    if (accepted.isEmpty() || accepted.get(0).deliveryIds().isEmpty()) {
      return Optional.empty();
    }
    return deliveries.attemptNow(accepted.get(0).deliveryIds().get(0));
  }
}
