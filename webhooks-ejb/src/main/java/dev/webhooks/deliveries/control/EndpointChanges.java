package dev.webhooks.deliveries.control;

import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.endpoints.boundary.EndpointChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * What a subscription's change means for its deliveries, written in the transaction of the change
 * (the observer runs in it: the endpoint and its deliveries commit together or not at all).
 */
@ApplicationScoped
public class EndpointChanges {
  @PersistenceContext EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  void on(@Observes EndpointChanged changed) {
    Instant now = Instant.now();
    switch (changed.change()) {
      case DELIVERABLE_AGAIN ->
          em.createNamedQuery("Delivery.releaseHeld")
              .setParameter("pending", DeliveryStatus.PENDING)
              .setParameter("now", now)
              .setParameter("endpointId", changed.endpointId())
              .setParameter("held", DeliveryStatus.HELD)
              .executeUpdate();
      case DELETED ->
          em.createNamedQuery("Delivery.cancelOpen")
              .setParameter("cancelled", DeliveryStatus.CANCELLED)
              .setParameter("now", now)
              .setParameter("endpointId", changed.endpointId())
              .setParameter(
                  "open",
                  List.of(
                      DeliveryStatus.PENDING,
                      DeliveryStatus.QUEUED,
                      DeliveryStatus.WAITING_FOR_SLOT,
                      DeliveryStatus.HELD,
                      DeliveryStatus.WAITING_FOR_TURN))
              .executeUpdate();
      // The sequences' rows are left: the sweeper's repair moves past ended heads, and the
      // retention purge removes sequences idle for its period.
      case UNORDERED ->
          // Their entries in WH_ORDER_WAITING are skipped when their sequence next moves on.
          em.createQuery(
                  "UPDATE Delivery d SET d.status = :pending, d.nextAttemptAt = :now"
                      + " WHERE d.endpoint.id = :endpointId AND d.status = :waiting")
              .setParameter("pending", DeliveryStatus.PENDING)
              .setParameter("now", now)
              .setParameter("endpointId", changed.endpointId())
              .setParameter("waiting", DeliveryStatus.WAITING_FOR_TURN)
              .executeUpdate();
    }
  }
}
