package dev.webhooks.cluster.control;

import dev.webhooks.cluster.entity.Member;
import dev.webhooks.shared.Settings;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The member rows, each change in a transaction of its own. Liveness is judged by the database's
 * clock alone (PostgreSQL's {@code clock_timestamp()}), so members whose clocks disagree still
 * agree on who is silent. With embedded Derby the database lives in this server's JVM, whose clock
 * is the database's.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class MemberStore {
  @PersistenceContext EntityManager em;
  @Inject Settings settings;
  @Inject Event<ClaimsOrphaned> orphaned;

  /** What one heartbeat found. */
  public record Beat(boolean alive, int liveMembers, List<Long> takenOver) {}

  /**
   * Registers a new incarnation of {@code serverId} and gives back the claims of its earlier ones
   * (and claims made before members were recorded), in one transaction.
   */
  public long register(String serverId) {
    long now = databaseMillis();
    Member me = new Member(serverId, Instant.now(), now);
    em.persist(me);
    em.flush();
    List<Long> earlier =
        em.createQuery(
                "SELECT m.id FROM Member m WHERE m.serverId = :server AND m.id <> :me"
                    + " AND m.takenOver = false",
                Long.class)
            .setParameter("server", serverId)
            .setParameter("me", me.id())
            .getResultList();
    List<Long> mine = new ArrayList<>();
    for (Long id : earlier) {
      if (markTakenOver(id)) {
        mine.add(id);
      }
    }
    orphaned.fire(new ClaimsOrphaned(mine, true, Instant.now()));
    return me.id();
  }

  /**
   * Renews this incarnation's heartbeat, counts the live members and takes over the claims of
   * members silent for longer than the lease. An incarnation that others have already taken over is
   * not alive any more: it must register again.
   */
  public Beat beat(long me, Duration lease) {
    long now = databaseMillis();
    int renewed =
        em.createQuery(
                "UPDATE Member m SET m.heartbeatMs = :now WHERE m.id = :me AND m.takenOver = false")
            .setParameter("now", now)
            .setParameter("me", me)
            .executeUpdate();
    if (renewed == 0) {
      return new Beat(false, 1, List.of());
    }
    long silentSince = now - lease.toMillis();
    Long live =
        em.createQuery(
                "SELECT COUNT(m) FROM Member m WHERE m.takenOver = false AND m.heartbeatMs >= :since",
                Long.class)
            .setParameter("since", silentSince)
            .getSingleResult();
    List<Long> silent =
        em.createQuery(
                "SELECT m.id FROM Member m WHERE m.takenOver = false AND m.heartbeatMs < :since",
                Long.class)
            .setParameter("since", silentSince)
            .getResultList();
    List<Long> mine = new ArrayList<>();
    for (Long id : silent) {
      if (markTakenOver(id)) {
        mine.add(id);
      }
    }
    if (!mine.isEmpty()) {
      orphaned.fire(new ClaimsOrphaned(mine, false, Instant.now()));
    }
    return new Beat(true, live.intValue(), mine);
  }

  /** A clean stop: this incarnation's claims go back at once, for the other members to send. */
  public void leave(long me) {
    if (markTakenOver(me)) {
      orphaned.fire(new ClaimsOrphaned(List.of(me), false, Instant.now()));
    }
  }

  /** Marks one incarnation taken over; false when another member (or an earlier call) did. */
  private boolean markTakenOver(Long id) {
    return em.createQuery(
                "UPDATE Member m SET m.takenOver = true WHERE m.id = :id AND m.takenOver = false")
            .setParameter("id", id)
            .executeUpdate()
        == 1;
  }

  /** The database's clock in epoch milliseconds. */
  long databaseMillis() {
    if (settings.postgresql()) {
      Object v =
          em.createNativeQuery(
                  "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")
              .getSingleResult();
      return ((Number) v).longValue();
    }
    return System.currentTimeMillis();
  }
}
