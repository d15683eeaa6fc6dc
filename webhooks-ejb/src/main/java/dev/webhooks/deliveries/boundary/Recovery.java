package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.Sequences;
import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.Ordering;
import dev.webhooks.shared.Transactions;
import dev.webhooks.spi.EndpointKind;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts failed deliveries of an endpoint back in line, in batches of ids (each its own transaction),
 * so that 100,000 of them never sit in memory or in one transaction. The sweeper sends them at the
 * workers' pace.
 *
 * <p>At a FIFO subscription the failed deliveries of each sequence join its end again, in their
 * original order: read by sequence and place, each batch appends them as an acceptance would (the
 * first is attempted when nothing of its sequence is open, the others wait for their turn).
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class Recovery {
  static final int BATCH = 1000;

  @PersistenceContext EntityManager em;
  @Resource UserTransaction tx;
  @Inject Sequences sequences;

  /** Each batch: its ids read and requeued in one transaction. Returns how many were requeued. */
  public long recover(Endpoint endpoint, Instant since) {
    boolean fifo = endpoint.ordering() == Ordering.FIFO && endpoint.kind() == EndpointKind.NATIVE;
    long total = recoverUnordered(endpoint, since, fifo);
    if (fifo) {
      total += recoverInSequence(endpoint, since);
    }
    return total;
  }

  /** How many deliveries {@link #recover} with the same arguments would put back now. */
  public long recoverable(Endpoint endpoint, Instant since) {
    return em.createQuery(
            "SELECT COUNT(d) FROM Delivery d WHERE d.endpoint.id = :ep AND d.status = :failed"
                + " AND d.finishedAt >= :since",
            Long.class)
        .setParameter("ep", endpoint.id())
        .setParameter("failed", DeliveryStatus.FAILED)
        .setParameter("since", since)
        .getSingleResult();
  }

  /**
   * Failed deliveries that go back in no sequence: all of them at a subscription without ordering
   * (any sequence they were in is left), those in none at a FIFO one.
   */
  private long recoverUnordered(Endpoint endpoint, Instant since, boolean onlyUnsequenced) {
    long[] total = {0};
    long after = 0;
    while (true) {
      long from = after;
      List<Long> ids =
          Transactions.inOne(
              tx,
              () -> {
                List<Long> batch = failedIds(endpoint.id(), since, from, onlyUnsequenced);
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

  private List<Long> failedIds(Long endpointId, Instant since, long after, boolean unsequenced) {
    return em.createQuery(
            "SELECT d.id FROM Delivery d WHERE d.endpoint.id = :ep AND d.status = :failed"
                + " AND d.finishedAt >= :since AND d.id > :after"
                + (unsequenced ? " AND d.orderingKey IS NULL" : "")
                + " ORDER BY d.id",
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
                + " d.attempts = 0, d.firstAttemptAt = NULL, d.orderingKey = NULL, d.orderSeq ="
                + " NULL WHERE d.id IN :ids AND d.status = :failed")
        .setParameter("pending", DeliveryStatus.PENDING)
        .setParameter("now", Instant.now())
        .setParameter("ids", ids)
        .setParameter("failed", DeliveryStatus.FAILED)
        .executeUpdate();
  }

  /** Failed deliveries of FIFO sequences, by sequence and place, in batches. */
  private long recoverInSequence(Endpoint endpoint, Instant since) {
    long total = 0;
    String key = "";
    long seq = -1;
    while (true) {
      String fromKey = key;
      long fromSeq = seq;
      long[] done = new long[1];
      List<Delivery> batch =
          Transactions.inOne(
              tx,
              () -> {
                List<Delivery> rows =
                    em.createQuery(
                            "SELECT d FROM Delivery d WHERE d.endpoint.id = :ep"
                                + " AND d.status = :failed AND d.finishedAt >= :since"
                                + " AND d.orderingKey IS NOT NULL AND (d.orderingKey > :key"
                                + " OR (d.orderingKey = :key AND d.orderSeq > :seq))"
                                + " ORDER BY d.orderingKey, d.orderSeq",
                            Delivery.class)
                        .setParameter("ep", endpoint.id())
                        .setParameter("failed", DeliveryStatus.FAILED)
                        .setParameter("since", since)
                        .setParameter("key", fromKey)
                        .setParameter("seq", fromSeq)
                        .setMaxResults(BATCH)
                        .getResultList();
                done[0] = append(endpoint.id(), rows);
                return rows;
              });
      total += done[0];
      if (batch.isEmpty()) {
        return total;
      }
      Delivery last = batch.get(batch.size() - 1);
      key = last.orderingKey();
      seq = last.orderSeq();
    }
  }

  /** Appends failed deliveries (each sequence's in their order) to the ends of their sequences. */
  private long append(Long endpointId, List<Delivery> rows) {
    Map<Sequences.Ref, List<Delivery>> bySequence = new TreeMap<>(Sequences.ORDER);
    for (Delivery d : rows) {
      bySequence
          .computeIfAbsent(new Sequences.Ref(endpointId, d.orderingKey()), k -> new ArrayList<>())
          .add(d);
    }
    Instant now = Instant.now();
    // Every sequence locked (in order) before any delivery is changed, as the recorder does.
    Map<Sequences.Ref, Sequences.Places> taken = new TreeMap<>(Sequences.ORDER);
    for (Map.Entry<Sequences.Ref, List<Delivery>> e : bySequence.entrySet()) {
      taken.put(e.getKey(), sequences.take(e.getKey(), e.getValue().size(), now));
    }
    long n = 0;
    for (Map.Entry<Sequences.Ref, List<Delivery>> e : bySequence.entrySet()) {
      List<Delivery> line = e.getValue();
      Sequences.Places places = taken.get(e.getKey());
      boolean headFree = !places.headOpen();
      Long head = null;
      List<long[]> behind = new ArrayList<>();
      for (int i = 0; i < line.size(); i++) {
        long place = places.first() + i;
        boolean isHead = headFree && head == null;
        int moved =
            em.createQuery(
                    "UPDATE Delivery d SET d.status = :to, d.nextAttemptAt = :now,"
                        + " d.finishedAt = NULL, d.attempts = 0, d.firstAttemptAt = NULL,"
                        + " d.orderSeq = :seq WHERE d.id = :id AND d.status = :failed")
                .setParameter(
                    "to", isHead ? DeliveryStatus.PENDING : DeliveryStatus.WAITING_FOR_TURN)
                .setParameter("now", now)
                .setParameter("seq", place)
                .setParameter("id", line.get(i).id())
                .setParameter("failed", DeliveryStatus.FAILED)
                .executeUpdate();
        if (moved == 0) {
          continue; // recovered or purged meanwhile: its place stays empty
        }
        n++;
        if (isHead) {
          head = line.get(i).id();
        } else {
          behind.add(new long[] {place, line.get(i).id()});
        }
      }
      sequences.placed(places.keyId(), head, behind);
    }
    return n;
  }
}
