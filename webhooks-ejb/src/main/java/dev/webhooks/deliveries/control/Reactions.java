package dev.webhooks.deliveries.control;

import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.Reaction;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.spi.DeliveryEnd;
import dev.webhooks.spi.DeliveryFinished;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.tenants.boundary.FaultInjection;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The transactions of style reactions: each reaction runs in one of its own, in which its writes
 * and the deletion of its row commit together; a failure is written to the row in another.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Reactions {
  @PersistenceContext EntityManager em;
  @Inject DeliveryStyles styles;
  @Inject Views views;
  @Inject FaultInjection faults;

  /** Ids of the reactions due, oldest first. */
  public List<Long> due(Instant now, int max) {
    return em.createNamedQuery("Reaction.due", Long.class)
        .setParameter("now", now)
        .setMaxResults(max)
        .getResultList();
  }

  /** Runs one reaction and deletes its row; nothing if it was done already. */
  public void run(Long id) {
    Reaction r = em.find(Reaction.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (r == null || !r.runnable(Instant.now())) {
      return; // done already, given up, or failed and not due again yet (queued twice)
    }
    faults.at(FaultInjection.REACTION, r.tenantId());
    react(r);
    em.remove(r);
  }

  /** Writes a failure to the reaction's row; whether it will be tried again. */
  public boolean failed(Long id, String why) {
    Reaction r = em.find(Reaction.class, id);
    return r != null && r.failed(why, Instant.now());
  }

  private void react(Reaction r) {
    Instant now = Instant.now();
    Endpoint ep = em.find(Endpoint.class, r.endpointId());
    if (ep == null) {
      return;
    }
    DeliveryStyle style = styles.of(ep.kind());
    switch (r.kind()) {
      case DISABLED -> style.onDisabled(views.endpoint(ep, now), r.failingSince());
      case FINISHED -> {
        Delivery d = em.find(Delivery.class, r.deliveryId());
        if (d == null) {
          return; // purged by retention
        }
        HttpOutcome last =
            new HttpOutcome(
                r.createdAt(),
                r.durationMs() == null ? 0 : r.durationMs(),
                r.statusCode(),
                Map.of(),
                r.body(),
                r.failureKind() == null ? null : r.reason(),
                r.failureKind());
        style.onFinished(
            new DeliveryFinished(
                d.id(),
                d.publicId(),
                DeliveryEnd.valueOf(r.ended()),
                views.event(d.event()),
                views.endpoint(ep, now),
                last,
                r.reason()));
      }
    }
  }
}
