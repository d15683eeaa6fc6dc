package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.AttemptResult;
import dev.webhooks.deliveries.control.DeliveryJob;
import dev.webhooks.deliveries.control.DeliveryStore;
import dev.webhooks.deliveries.control.DeliveryStyles;
import dev.webhooks.deliveries.control.DeliveryWorker;
import dev.webhooks.deliveries.control.Dispatcher;
import dev.webhooks.deliveries.control.Sequences;
import dev.webhooks.deliveries.control.Views;
import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.DeliveryAttempt;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.deliveries.entity.Event;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointState;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Cursors;
import dev.webhooks.spi.DeliveryStyle;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** The attempt log and the operator's actions on single deliveries. */
@Stateless
public class Deliveries {
  @PersistenceContext EntityManager em;
  @Inject Dispatcher dispatcher;
  @Inject DeliveryStore store;
  @Inject DeliveryWorker worker;
  @Inject Sequences sequences;
  @Inject DeliveryStyles styles;
  @Inject Views views;

  public record Page(List<Delivery> items, String nextCursor) {}

  /** What the attempt log is filtered by; null fields do not filter. */
  public record Filter(
      Endpoint endpoint,
      Set<DeliveryStatus> status,
      String eventType,
      Instant since,
      Instant until) {}

  public Page list(Long tenantId, Filter f, String cursor, int limit) {
    Endpoint endpoint = f.endpoint();
    Set<DeliveryStatus> status = f.status();
    Instant since = f.since();
    StringBuilder jpql =
        new StringBuilder(
            "SELECT d FROM Delivery d JOIN FETCH d.endpoint JOIN FETCH d.event"
                + " WHERE d.tenantId = :tenantId AND d.id > :after");
    if (endpoint != null) {
      jpql.append(" AND d.endpoint = :endpoint");
    }
    if (status != null) {
      jpql.append(" AND d.status IN :status");
    }
    if (since != null) {
      jpql.append(" AND d.createdAt >= :since");
    }
    if (f.until() != null) {
      jpql.append(" AND d.createdAt < :until");
    }
    if (f.eventType() != null) {
      jpql.append(" AND d.event.type = :eventType");
    }
    jpql.append(" ORDER BY d.id");
    TypedQuery<Delivery> q =
        em.createQuery(jpql.toString(), Delivery.class)
            .setParameter("tenantId", tenantId)
            .setParameter("after", Cursors.decode(cursor))
            .setMaxResults(limit + 1);
    if (endpoint != null) {
      q.setParameter("endpoint", endpoint);
    }
    if (status != null) {
      q.setParameter("status", status);
    }
    if (since != null) {
      q.setParameter("since", since);
    }
    if (f.until() != null) {
      q.setParameter("until", f.until());
    }
    if (f.eventType() != null) {
      q.setParameter("eventType", f.eventType());
    }
    List<Delivery> rows = q.getResultList();
    if (rows.size() > limit) {
      List<Delivery> items = List.copyOf(rows.subList(0, limit));
      return new Page(items, Cursors.encode(items.get(limit - 1).id()));
    }
    return new Page(rows, null);
  }

  /** The tenant's event with this public id; 404 if there is none. */
  public Event event(Long tenantId, String publicId) {
    return em.createNamedQuery("Event.byPublicId", Event.class)
        .setParameter("tenantId", tenantId)
        .setParameter("publicId", publicId)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("event " + publicId));
  }

  /** The tenant's event accepted under this idempotency key, if any. */
  public Optional<Event> eventByIdempotencyKey(Long tenantId, String key) {
    return em.createNamedQuery("Event.byIdempotencyKey", Event.class)
        .setParameter("tenantId", tenantId)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  /** The first {@code limit} deliveries of an event, by id, with their endpoints. */
  public List<Delivery> ofEvent(Event e, int limit) {
    return em.createQuery(
            "SELECT d FROM Delivery d JOIN FETCH d.endpoint WHERE d.event = :event ORDER BY d.id",
            Delivery.class)
        .setParameter("event", e)
        .setMaxResults(limit)
        .getResultList();
  }

  public Delivery find(Long tenantId, String publicId) {
    return em.createNamedQuery("Delivery.byPublicId", Delivery.class)
        .setParameter("publicId", publicId)
        .setParameter("tenantId", tenantId)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("delivery " + publicId));
  }

  /**
   * The request body a delivery's attempts sent, when its style does not keep it in the attempt
   * log: rebuilt from the event by the style, as the style builds it for each attempt (the body
   * depends on the event alone). Null when the style keeps its bodies (they are in the log), or
   * when it cannot be rebuilt here.
   */
  public String rebuiltRequestBody(Delivery d) {
    DeliveryStyle style = styles.of(d.endpoint().kind());
    if (style.keepsRequestBody()) {
      return null;
    }
    try {
      Instant now = Instant.now();
      return new String(
          style.request(views.event(d.event()), views.endpoint(d.endpoint(), now), now).body(),
          StandardCharsets.UTF_8);
    } catch (RuntimeException cannot) {
      return null;
    }
  }

  public List<DeliveryAttempt> attempts(Delivery d) {
    return em.createNamedQuery("DeliveryAttempt.ofDelivery", DeliveryAttempt.class)
        .setParameter("deliveryId", d.id())
        .getResultList();
  }

  /**
   * The public id of the delivery a delivery waiting for its turn waits for: the one of its FIFO
   * sequence that goes first. Null for any other.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public String waitingFor(Delivery d) {
    if (d.status() != DeliveryStatus.WAITING_FOR_TURN || d.orderingKey() == null) {
      return null;
    }
    return sequences.head(new Sequences.Ref(d.endpointId(), d.orderingKey())).orElse(null);
  }

  /**
   * Sends the same event (same webhook-id) to the same subscription again, as a new delivery. At a
   * FIFO subscription it is in no sequence: it is sent at once, out of order.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public Delivery resend(Long tenantId, String publicId) {
    Delivery old = find(tenantId, publicId);
    Endpoint ep = old.endpoint();
    if (ep.state() == EndpointState.DELETED) {
      throw ApiFailure.conflict("the subscription of this delivery was deleted");
    }
    Instant now = Instant.now();
    Delivery again =
        new Delivery(
            old.event(),
            ep,
            ep.isDeliverable() ? DeliveryStatus.PENDING : DeliveryStatus.HELD,
            now);
    em.persist(again);
    return again;
  }

  /** Wakes a delivery that was just committed as waiting. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void wake(Long deliveryId) {
    dispatcher.wake(List.of(deliveryId));
  }

  /**
   * Makes one attempt of a delivery now, in the caller's thread, records it, and returns it
   * (synchronous tests). Empty when the delivery could not be claimed (held, or taken by a worker).
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Optional<AttemptMade> attemptNow(Long deliveryId) {
    List<DeliveryJob> jobs = store.claim(List.of(deliveryId), Instant.now()).jobs();
    if (jobs.isEmpty()) {
      return Optional.empty();
    }
    try {
      // A test is one request the user asked for: it does not wait for the endpoint's throttle.
      AttemptResult result = worker.attempt(jobs.get(0)).get();
      dispatcher.recordNow(result);
      return Optional.of(new AttemptMade(result.request(), result.outcome(), result.rejection()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
