package dev.webhooks.events.boundary;

import dev.webhooks.deliveries.control.AttemptInbox;
import dev.webhooks.deliveries.control.DeliveryQueue;
import dev.webhooks.events.control.AcceptedEvent;
import dev.webhooks.events.control.EventStore;
import dev.webhooks.events.control.IncomingEvent;
import dev.webhooks.styles.EventIntake;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way events enter the engine, for REST, JMS and every API style: store and fan out in one
 * transaction, then, only after it committed, wake the workers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventIngest {
  @Inject EventStore store;
  @Inject DeliveryQueue queue;
  @Inject AttemptInbox inbox;
  @Inject @Any Instance<EventIntake> intakes;
  @Inject dev.webhooks.operations.EngineMetrics metrics;

  /** Generic ingest: each style may reshape the events first. All or nothing. */
  public List<AcceptedEvent> submit(Long tenantId, List<IncomingEvent> events) {
    List<IncomingEvent> shaped = new ArrayList<>(events.size());
    for (IncomingEvent e : events) {
      List<IncomingEvent> current = List.of(e);
      for (EventIntake intake : intakes) {
        List<IncomingEvent> next = new ArrayList<>();
        for (IncomingEvent c : current) {
          next.addAll(intake.intake(tenantId, c));
        }
        current = next;
      }
      shaped.addAll(current);
    }
    return submitShaped(tenantId, shaped);
  }

  /** For styles that built their events themselves: no intake, straight to the store. */
  public List<AcceptedEvent> submitShaped(Long tenantId, List<IncomingEvent> events) {
    List<AcceptedEvent> accepted;
    try {
      accepted = store.accept(tenantId, events);
    } catch (EJBException | PersistenceException e) {
      if (events.stream().noneMatch(ev -> ev.idempotencyKey() != null)) {
        throw e;
      }
      // A concurrent request took the same idempotency key first: this pass finds its event.
      accepted = store.accept(tenantId, events);
    }
    List<Long> wake = new ArrayList<>();
    List<Long> claimed = new ArrayList<>();
    String token = null;
    for (AcceptedEvent a : accepted) {
      wake.addAll(a.deliveryIds());
      claimed.addAll(a.claimedIds());
      token = a.claimToken() != null ? a.claimToken() : token;
    }
    queue.wake(wake);
    // Deliveries claimed in the ingest transaction go to this server's workers directly: they are
    // committed (a crash releases them at restart), and a JMS hop per request was the largest
    // share of a single event's latency. JMS carries every other wake-up.
    if (!claimed.isEmpty()) {
      inbox.sendClaimed(token, claimed);
    }
    metrics.eventsAccepted((int) accepted.stream().filter(a -> !a.duplicate()).count());
    return accepted;
  }
}
