package dev.webhooks.deliveries.control;

import dev.webhooks.deliveries.entity.OrderKey;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * Creates a FIFO sequence's row in a transaction of its own, committed at once: the caller's
 * transaction then locks it like any other. Two first uses of a key at the same moment both try;
 * one insert fails on the unique constraint and its caller finds the other's row.
 */
@Stateless
public class OrderKeys {
  @PersistenceContext EntityManager em;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void create(Long endpointId, String key, Instant now) {
    em.persist(new OrderKey(endpointId, key, now));
    em.flush();
  }
}
