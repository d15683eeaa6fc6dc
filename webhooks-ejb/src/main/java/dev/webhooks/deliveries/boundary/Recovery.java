package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.endpoints.entity.Endpoint;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Puts failed deliveries of an endpoint back in line, in batches of ids (each its own transaction),
 * so that 100,000 of them never sit in memory or in one transaction. The sweeper sends them at the
 * workers' pace.
 */
@Stateless
public class Recovery {
  static final int BATCH = 1000;

  @PersistenceContext EntityManager em;
  @Inject Recovery self;

  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public long recover(Endpoint endpoint, Instant since) {
    long total = 0;
    long after = 0;
    while (true) {
      List<Long> ids = self.failedIds(endpoint.id(), since, after);
      if (ids.isEmpty()) {
        return total;
      }
      total += self.requeue(ids);
      after = ids.get(ids.size() - 1);
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> failedIds(Long endpointId, Instant since, long after) {
    return em.createQuery(
            "SELECT d.id FROM Delivery d WHERE d.endpoint.id = :ep AND d.status = :failed"
                + " AND d.finishedAt >= :since AND d.id > :after ORDER BY d.id",
            Long.class)
        .setParameter("ep", endpointId)
        .setParameter("failed", DeliveryStatus.FAILED)
        .setParameter("since", since)
        .setParameter("after", after)
        .setMaxResults(BATCH)
        .getResultList();
  }

  /** A fresh policy budget for each: attempts count from zero again. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int requeue(List<Long> ids) {
    return em.createQuery(
            "UPDATE Delivery d SET d.status = :pending, d.nextAttemptAt = :now, d.finishedAt = NULL,"
                + " d.attempts = 0, d.firstAttemptAt = NULL WHERE d.id IN :ids AND d.status = :failed")
        .setParameter("pending", DeliveryStatus.PENDING)
        .setParameter("now", Instant.now())
        .setParameter("ids", ids)
        .setParameter("failed", DeliveryStatus.FAILED)
        .executeUpdate();
  }
}
