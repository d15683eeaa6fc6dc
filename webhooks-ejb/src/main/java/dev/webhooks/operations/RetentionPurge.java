package dev.webhooks.operations;

import dev.webhooks.deliveries.control.Sequences;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Transactions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.UserTransaction;
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
@Startup
@DependsOn("SchemaMigrations")
@TransactionManagement(TransactionManagementType.BEAN)
public class RetentionPurge {
  private static final Logger LOG = Logger.getLogger(RetentionPurge.class.getName());
  static final int BATCH = 500;
  private static final List<DeliveryStatus> FINAL =
      List.of(DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED);

  @PersistenceContext EntityManager em;
  @Inject Settings settings;
  @Inject Sequences sequences;
  @Resource UserTransaction tx;

  /** What one purge removed. */
  public record Purged(long deliveries, long attempts, long events) {}

  @Resource TimerService timers;

  /**
   * Creates the purge's timer from {@code WEBHOOKS_RETENTION_SCHEDULE} at every start. It is not
   * persistent: a purge missed while the server was down is not made up, the next one removes what
   * is older then.
   */
  @PostConstruct
  void scheduleDaily() {
    // No earlier timer to cancel: a non-persistent timer ends with the bean that created it.
    // (Asking
    // the timer service for its timers here also reads the persistent ones, and on a new PostgreSQL
    // database, with timer failover on, that call held the application's start for two minutes.)
    String[] f = settings.retentionSchedule();
    try {
      timers.createCalendarTimer(
          new ScheduleExpression().second(f[0]).minute(f[1]).hour(f[2]),
          new TimerConfig("retention-purge", false));
    } catch (IllegalArgumentException e) {
      LOG.severe(
          "WEBHOOKS_RETENTION_SCHEDULE is not a valid schedule ("
              + e.getMessage()
              + "): using the default, "
              + Settings.DEFAULT_RETENTION_SCHEDULE);
      f = Settings.DEFAULT_RETENTION_SCHEDULE.split(" ");
      timers.createCalendarTimer(
          new ScheduleExpression().second(f[0]).minute(f[1]).hour(f[2]),
          new TimerConfig("retention-purge", false));
    }
    LOG.info(
        "retention purge scheduled at second "
            + f[0]
            + ", minute "
            + f[1]
            + ", hour "
            + f[2]
            + " (server time), for data older than "
            + settings.retentionDays()
            + " days");
  }

  @Timeout
  public void daily() {
    try {
      LOG.info("retention purge removed " + purgeExpired());
    } catch (Throwable t) {
      // The timer fires again tomorrow; what was not purged today is older then, not lost.
      LOG.log(Level.WARNING, "retention purge failed: " + Failures.describe(t), t);
    }
  }

  /** Purges what is older than {@code WEBHOOKS_RETENTION_DAYS}. */
  public Purged purgeExpired() {
    return purge(expiryCutoff(), null);
  }

  /** {@code WEBHOOKS_RETENTION_DAYS} ago. */
  public Instant expiryCutoff() {
    return Instant.now().minus(Duration.ofDays(settings.retentionDays()));
  }

  /** Purges what is older than {@code before}, of one tenant or (null) of all. */
  public Purged purge(Instant before, Long tenantId) {
    long deliveries = 0;
    long attempts = 0;
    long events = 0;
    while (true) {
      long[] n = Transactions.inOne(tx, () -> purgeDeliveryBatch(before, tenantId));
      if (n[0] == 0) {
        break;
      }
      deliveries += n[0];
      attempts += n[1];
    }
    while (true) {
      int n = Transactions.inOne(tx, () -> purgeEventBatch(before, tenantId));
      if (n == 0) {
        break;
      }
      events += n;
    }
    if (tenantId == null) {
      // FIFO sequences with nothing open and unused for the period (a key used again starts anew).
      while (Transactions.inOne(tx, () -> sequences.purgeIdle(before, BATCH)) > 0) {
        // next batch
      }
    }
    return new Purged(deliveries, attempts, events);
  }

  private long[] purgeDeliveryBatch(Instant before, Long tenantId) {
    TypedQuery<Long> q =
        em.createQuery(
                "SELECT d.id FROM Delivery d WHERE d.createdAt < :before AND d.status IN :final"
                    + (tenantId == null ? "" : " AND d.tenantId = :tenant"),
                Long.class)
            .setParameter("before", before)
            .setParameter("final", FINAL);
    if (tenantId != null) {
      q.setParameter("tenant", tenantId);
    }
    List<Long> ids = q.setMaxResults(BATCH).getResultList();
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

  private int purgeEventBatch(Instant before, Long tenantId) {
    TypedQuery<Long> q =
        em.createQuery(
                "SELECT e.id FROM Event e WHERE e.createdAt < :before"
                    + (tenantId == null ? "" : " AND e.tenantId = :tenant")
                    + " AND NOT EXISTS (SELECT d.id FROM Delivery d WHERE d.event = e)",
                Long.class)
            .setParameter("before", before);
    if (tenantId != null) {
      q.setParameter("tenant", tenantId);
    }
    List<Long> ids = q.setMaxResults(BATCH).getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("DELETE FROM Event e WHERE e.id IN :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
