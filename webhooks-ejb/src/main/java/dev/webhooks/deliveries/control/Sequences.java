package dev.webhooks.deliveries.control;

import dev.webhooks.deliveries.entity.DeliveryStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FIFO sequences: the deliveries of one ordering key at one subscription, attempted one after the
 * other in acceptance order.
 *
 * <p>Each sequence is a row of WH_ORDER_KEY. A transaction that adds deliveries to a sequence
 * (acceptance, recovery) or records the end of one (the recorder) locks that row first, and locks
 * the rows it needs in one order ({@link #ORDER}), so they never deadlock. What the row says:
 *
 * <ul>
 *   <li>{@code NEXT_SEQ}: the place the next delivery takes. Acceptance order is the order in which
 *       transactions got the lock: a request answered 202 committed before a later one could lock.
 *   <li>{@code HEAD_ID}: the one delivery of the sequence that may be attempted (any open status:
 *       pending, in flight, held...), or none. Every other open one is WAITING_FOR_TURN, listed in
 *       WH_ORDER_WAITING by place, and is never claimed.
 * </ul>
 *
 * When the head reaches a final state, the transaction that records it makes the first waiting
 * delivery PENDING and the new head. The claim SQL is unchanged: with one claimable delivery per
 * key, one member at a time holds a key, and a crash can only send the head again, never its
 * successor first.
 */
@ApplicationScoped
public class Sequences {
  /** One sequence: a subscription and an ordering key ('' for events without one). */
  public record Ref(Long endpointId, String key) {}

  /** The one order in which every transaction locks sequences. */
  public static final Comparator<Ref> ORDER =
      Comparator.comparing(Ref::endpointId).thenComparing(Ref::key);

  /** Places taken in a sequence: the first one, and whether a delivery of it is open already. */
  public record Places(long keyId, long first, boolean headOpen) {}

  private static final String TAKE =
      "UPDATE WH_ORDER_KEY SET NEXT_SEQ = NEXT_SEQ + ?, USED_AT = ?"
          + " WHERE ENDPOINT_ID = ? AND ORDERING_KEY = ?";
  private static final String READ =
      "SELECT ID, NEXT_SEQ, HEAD_ID FROM WH_ORDER_KEY WHERE ENDPOINT_ID = ? AND ORDERING_KEY = ?";
  private static final String HEAD =
      "SELECT ID, HEAD_ID FROM WH_ORDER_KEY WHERE ENDPOINT_ID = ? AND ORDERING_KEY = ?";
  private static final String LOCK =
      "UPDATE WH_ORDER_KEY SET USED_AT = ? WHERE ENDPOINT_ID = ? AND ORDERING_KEY = ?";
  private static final String FIRST_WAITING =
      "SELECT SEQ, DELIVERY_ID FROM WH_ORDER_WAITING WHERE KEY_ID = ? ORDER BY SEQ"
          + " FETCH FIRST 1 ROWS ONLY";
  private static final String RELEASE =
      "UPDATE WH_DELIVERY SET STATUS = "
          + DeliveryStatus.PENDING.sql()
          + ", NEXT_ATTEMPT_AT = ? WHERE ID = ? AND STATUS = "
          + DeliveryStatus.WAITING_FOR_TURN.sql();

  private static final Set<String> ENDED_STATUSES =
      Set.of(
          DeliveryStatus.SUCCEEDED.name(),
          DeliveryStatus.FAILED.name(),
          DeliveryStatus.CANCELLED.name());

  @PersistenceContext EntityManager em;
  @Inject OrderKeys keys;

  /**
   * Locks the sequence and takes {@code n} places in it, creating it on first use. Call in {@link
   * #ORDER} for the sequences of one transaction, before it has written any delivery (see {@code
   * EventStore.accept}).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Places take(Ref ref, int n, Instant now) {
    for (int tries = 0; ; tries++) {
      int locked =
          native_(TAKE, n, Timestamp.from(now), ref.endpointId(), ref.key()).executeUpdate();
      if (locked == 1) {
        Object[] row = (Object[]) native_(READ, ref.endpointId(), ref.key()).getResultList().get(0);
        long next = ((Number) row[1]).longValue();
        return new Places(((Number) row[0]).longValue(), next - n, row[2] != null);
      }
      if (tries == 3) {
        throw new IllegalStateException("the FIFO sequence could not be created: " + ref);
      }
      try {
        keys.create(ref.endpointId(), ref.key(), now);
      } catch (RuntimeException raced) {
        // Another transaction created it at the same moment: lock theirs.
      }
    }
  }

  /**
   * Writes where the deliveries of {@link #take} went: {@code head} (if one of them is the new
   * head) and the ones waiting, as {seq, delivery id}.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void placed(long keyId, Long head, List<long[]> waiting) {
    if (head != null) {
      beforeFlush(native_("UPDATE WH_ORDER_KEY SET HEAD_ID = ? WHERE ID = ?", head, keyId))
          .executeUpdate();
    }
    for (long[] w : waiting) {
      beforeFlush(
              native_(
                  "INSERT INTO WH_ORDER_WAITING (KEY_ID, SEQ, DELIVERY_ID) VALUES (?, ?, ?)",
                  keyId,
                  w[0],
                  w[1]))
          .executeUpdate();
    }
  }

  /**
   * Locks these sequences (in {@link #ORDER}) before deliveries of theirs are changed: the recorder
   * calls it first, so that it and an acceptance take their locks in the same order.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void lock(Collection<Ref> refs, Instant now) {
    TreeSet<Ref> sorted = new TreeSet<>(ORDER);
    sorted.addAll(refs);
    for (Ref ref : sorted) {
      native_(LOCK, Timestamp.from(now), ref.endpointId(), ref.key()).executeUpdate();
    }
  }

  /**
   * A delivery of the sequence ended (succeeded, failed, cancelled): if it was the head, the first
   * waiting delivery becomes PENDING and the head. Returns it, to be woken after the commit. The
   * sequence must be locked ({@link #lock}).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Long> ended(Ref ref, Long deliveryId, Instant now) {
    List<?> rows = native_(HEAD, ref.endpointId(), ref.key()).getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = (Object[]) rows.get(0);
    if (row[1] == null || ((Number) row[1]).longValue() != deliveryId) {
      return Optional.empty(); // not the head (a delivery of before FIFO, recovered elsewhere...)
    }
    return advance(((Number) row[0]).longValue(), now);
  }

  /**
   * Makes the first waiting delivery of a locked sequence its head; entries whose delivery no
   * longer waits (cancelled, released when ordering was turned off) are dropped on the way.
   */
  private Optional<Long> advance(long keyId, Instant now) {
    while (true) {
      List<?> first = native_(FIRST_WAITING, keyId).getResultList();
      if (first.isEmpty()) {
        native_("UPDATE WH_ORDER_KEY SET HEAD_ID = NULL WHERE ID = ?", keyId).executeUpdate();
        return Optional.empty();
      }
      Object[] w = (Object[]) first.get(0);
      long seq = ((Number) w[0]).longValue();
      long id = ((Number) w[1]).longValue();
      native_("DELETE FROM WH_ORDER_WAITING WHERE KEY_ID = ? AND SEQ = ?", keyId, seq)
          .executeUpdate();
      if (native_(RELEASE, Timestamp.from(now), id).executeUpdate() == 1) {
        native_("UPDATE WH_ORDER_KEY SET HEAD_ID = ? WHERE ID = ?", id, keyId).executeUpdate();
        return Optional.of(id);
      }
    }
  }

  /** The public id of the delivery a waiting one waits for (the head of its sequence), if any. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<String> head(Ref ref) {
    List<?> rows =
        native_(
                "SELECT D.PUBLIC_ID FROM WH_ORDER_KEY K JOIN WH_DELIVERY D ON D.ID = K.HEAD_ID"
                    + " WHERE K.ENDPOINT_ID = ? AND K.ORDERING_KEY = ?",
                ref.endpointId(),
                ref.key())
            .getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
  }

  /** Where the next {@link #repair} looks (sequence ids above it). */
  private final AtomicLong repairCursor = new AtomicLong();

  /**
   * A safety net, run by the sweeper: sequences whose head ended without releasing the next one (a
   * path that ends deliveries in bulk, such as a deleted subscription) move on. Looks at up to
   * {@code max} open sequences a call, going round all of them call by call; each head is read by
   * its primary key (a join let Derby scan every delivery and wait for uncommitted ones). Returns
   * the deliveries released.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Long> repair(Instant now, int max) {
    List<?> open =
        em.createNativeQuery(
                "SELECT ID, ENDPOINT_ID, ORDERING_KEY, HEAD_ID FROM WH_ORDER_KEY"
                    + " WHERE HEAD_ID IS NOT NULL AND ID > ? ORDER BY ID")
            .setParameter(1, repairCursor.get())
            .setMaxResults(max)
            .getResultList();
    repairCursor.set(
        open.size() < max ? 0 : ((Number) ((Object[]) open.get(open.size() - 1))[0]).longValue());
    List<Ref> stuck = new ArrayList<>();
    for (Object r : open) {
      Object[] row = (Object[]) r;
      if (headEnded(((Number) row[3]).longValue())) {
        stuck.add(new Ref(((Number) row[1]).longValue(), (String) row[2]));
      }
    }
    if (stuck.isEmpty()) {
      return List.of();
    }
    lock(stuck, now);
    List<Long> released = new ArrayList<>();
    for (Ref ref : stuck) {
      List<?> rows = native_(HEAD, ref.endpointId(), ref.key()).getResultList();
      if (rows.isEmpty()) {
        continue;
      }
      Object[] row = (Object[]) rows.get(0);
      if (row[1] != null && headEnded(((Number) row[1]).longValue())) {
        advance(((Number) row[0]).longValue(), now).ifPresent(released::add);
      }
    }
    return released;
  }

  /** Whether a head delivery is final or gone (read by primary key). */
  private boolean headEnded(long deliveryId) {
    List<?> status =
        native_("SELECT STATUS FROM WH_DELIVERY WHERE ID = ?", deliveryId).getResultList();
    return status.isEmpty() || ENDED_STATUSES.contains(String.valueOf(status.get(0)));
  }

  /** Removes sequences with nothing open that were last used before {@code before}. */
  @Transactional(Transactional.TxType.MANDATORY)
  public int purgeIdle(Instant before, int max) {
    List<Long> ids = new ArrayList<>();
    for (Object id :
        em.createNativeQuery("SELECT ID FROM WH_ORDER_KEY WHERE USED_AT < ? AND HEAD_ID IS NULL")
            .setParameter(1, Timestamp.from(before))
            .setMaxResults(max)
            .getResultList()) {
      ids.add(((Number) id).longValue());
    }
    int n = 0;
    for (Long id : ids) {
      // Re-checked under the row's lock: an acceptance that used it meanwhile keeps it.
      int gone =
          native_(
                  "DELETE FROM WH_ORDER_KEY WHERE ID = ? AND USED_AT < ? AND HEAD_ID IS NULL",
                  id,
                  Timestamp.from(before))
              .executeUpdate();
      if (gone == 1) {
        native_("DELETE FROM WH_ORDER_WAITING WHERE KEY_ID = ?", id).executeUpdate();
        n++;
      }
    }
    return n;
  }

  /**
   * Runs without first writing the caller's pending rows ({@link #placed}): the acceptance's
   * deliveries are then written once, at commit. Nothing refers to them by a constraint, so the
   * order of these statements does not matter.
   */
  private static Query beforeFlush(Query q) {
    return q.setFlushMode(FlushModeType.COMMIT);
  }

  private Query native_(String sql, Object... params) {
    Query q = em.createNativeQuery(sql);
    for (int i = 0; i < params.length; i++) {
      q.setParameter(i + 1, params[i]);
    }
    return q;
  }
}
