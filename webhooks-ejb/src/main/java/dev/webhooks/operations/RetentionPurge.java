package dev.webhooks.operations;

import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Settings;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Daily purge of events, deliveries and attempts older than {@code WEBHOOKS_RETENTION_DAYS}. Works
 * in small batches, each its own short transaction, so delivery never waits on it; deliveries still
 * in progress (and their events) are never touched.
 */
@Singleton
public class RetentionPurge {
  private static final Logger LOG = Logger.getLogger(RetentionPurge.class.getName());
  static final int BATCH = 500;
  private static final List<DeliveryStatus> FINAL =
      List.of(DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED);

  @PersistenceContext EntityManager em;
  @Inject Settings settings;
  @Inject RetentionPurge self;

  /** What one purge removed. */
  public record Purged(long deliveries, long attempts, long events) {}

  @Schedule(hour = "3", minute = "17", persistent = true, info = "retention-purge")
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void daily() {
    try {
      LOG.info("retention purge removed " + purgeExpired());
    } catch (Throwable t) {
      // The timer fires again tomorrow; what was not purged today is older then, not lost.
      LOG.log(Level.WARNING, "retention purge failed: " + Failures.describe(t), t);
    }
  }

  /** Purges what is older than {@code WEBHOOKS_RETENTION_DAYS}. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Purged purgeExpired() {
    return purge(Instant.now().minus(Duration.ofDays(settings.retentionDays())));
  }

  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Purged purge(Instant before) {
    long deliveries = 0;
    long attempts = 0;
    long events = 0;
    while (true) {
      long[] n = self.purgeDeliveryBatch(before);
      if (n[0] == 0) {
        break;
      }
      deliveries += n[0];
      attempts += n[1];
    }
    while (true) {
      int n = self.purgeEventBatch(before);
      if (n == 0) {
        break;
      }
      events += n;
    }
    return new Purged(deliveries, attempts, events);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long[] purgeDeliveryBatch(Instant before) {
    List<Long> ids =
        em.createQuery(
                "SELECT d.id FROM Delivery d WHERE d.createdAt < :before AND d.status IN :final",
                Long.class)
            .setParameter("before", before)
            .setParameter("final", FINAL)
            .setMaxResults(BATCH)
            .getResultList();
    if (ids.isEmpty()) {
      return new long[] {0, 0};
    }
    int attempts =
        em.createQuery("DELETE FROM DeliveryAttempt a WHERE a.deliveryId IN :ids")
            .setParameter("ids", ids)
            .executeUpdate();
    int deliveries =
        em.createQuery("DELETE FROM Delivery d WHERE d.id IN :ids")
            .setParameter("ids", ids)
            .executeUpdate();
    return new long[] {deliveries, attempts};
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purgeEventBatch(Instant before) {
    List<Long> ids =
        em.createQuery(
                "SELECT e.id FROM Event e WHERE e.createdAt < :before"
                    + " AND NOT EXISTS (SELECT d.id FROM Delivery d WHERE d.event = e)",
                Long.class)
            .setParameter("before", before)
            .setMaxResults(BATCH)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("DELETE FROM Event e WHERE e.id IN :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
