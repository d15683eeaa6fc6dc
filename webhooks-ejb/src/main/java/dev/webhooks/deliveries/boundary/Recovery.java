package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.Transactions;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.List;

/**
 * Puts failed deliveries of an endpoint back in line, in batches of ids (each its own transaction),
 * so that 100,000 of them never sit in memory or in one transaction. The sweeper sends them at the
 * workers' pace.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class Recovery {
  static final int BATCH = 1000;

  @PersistenceContext EntityManager em;
  @Resource UserTransaction tx;

  /** Each batch: its ids read and requeued in one transaction. Returns how many were requeued. */
  public long recover(Endpoint endpoint, Instant since) {
    long[] total = {0};
    long after = 0;
    while (true) {
      long from = after;
      List<Long> ids =
          Transactions.inOne(
              tx,
              () -> {
                List<Long> batch = failedIds(endpoint.id(), since, from);
                if (!batch.isEmpty()) {
                  total[0] += requeue(batch);
                }
                return batch;
              });
      if (ids.isEmpty()) {
        return total[0];
      }
      after = ids.get(ids.size() - 1);
    }
  }

  private List<Long> failedIds(Long endpointId, Instant since, long after) {
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
  private int requeue(List<Long> ids) {
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
