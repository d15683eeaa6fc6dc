package dev.webhooks.events.control;

import dev.webhooks.cluster.control.Membership;
import dev.webhooks.deliveries.control.DeliveriesWaiting;
import dev.webhooks.deliveries.control.DeliveryStore;
import dev.webhooks.deliveries.control.DeliveryStyles;
import dev.webhooks.deliveries.control.Sequences;
import dev.webhooks.deliveries.control.Views;
import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.deliveries.entity.Event;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointState;
import dev.webhooks.endpoints.entity.Ordering;
import dev.webhooks.events.boundary.AcceptedEvent;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Ids;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EventIntake;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.RoutingTarget;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Stores events and fans them out to matching subscriptions as delivery rows, all in one
 * transaction: once it commits, nothing acknowledged can be lost.
 */
@Stateless
public class EventStore {
  static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
  private static final List<EndpointKind> ROUTED_KINDS =
      Arrays.stream(EndpointKind.values()).filter(EndpointKind::isRouted).toList();

  @PersistenceContext EntityManager em;
  @Inject Membership membership;
  @Inject Settings settings;
  @Inject DeliveryStyles styles;
  @Inject Views views;
  @Inject Sequences sequences;
  @Inject @Any Instance<EventIntake> intakes;
  @Inject jakarta.enterprise.event.Event<DeliveriesWaiting> waiting; // (Event is the entity here)

  /** A subscription loaded once per call, with the style that decides whether events match it. */
  private record Candidate(Endpoint endpoint, RoutingTarget target, DeliveryStyle style) {}

  /**
   * Stores and fans out; the caller wakes the returned delivery ids once the transaction committed.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public List<AcceptedEvent> accept(Long tenantId, List<IncomingEvent> events) {
    return accept(tenantId, events, DeliveryStatus.QUEUED, UUID.randomUUID().toString());
  }

  /**
   * The generic ingest (REST or JMS): each style's {@link EventIntake} may reshape the events
   * first, writing what it keeps (an integration's state) in this same transaction, so a batch is
   * stored all or nothing, state included.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public List<AcceptedEvent> acceptSubmitted(Long tenantId, List<IncomingEvent> events) {
    List<IncomingEvent> shaped = new ArrayList<>(events.size());
    for (IncomingEvent e : events) {
      List<IncomingEvent> current = List.of(e);
      for (EventIntake intake : intakes) {
        List<IncomingEvent> next = new ArrayList<>();
        for (IncomingEvent c : current) {
          next.addAll(intake.intake(tenantId, c));
        }
        current = next;
      }
      shaped.addAll(current);
    }
    return accept(tenantId, shaped);
  }

  /**
   * Stores and fans out with every delivery queued, none claimed: for a caller that claims and
   * attempts one itself (the Test actions).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public List<AcceptedEvent> acceptUnclaimed(Long tenantId, List<IncomingEvent> events) {
    return accept(tenantId, events, DeliveryStatus.QUEUED, null);
  }

  /**
   * Stores and fans out inside the caller's transaction, for events that belong to the caller's use
   * case (a follow-up event, a run's call): they exist exactly when it commits. Deliveries that can
   * be attempted at once are claimed here and handed to this server's workers after the commit, the
   * others woken then (as the ingest does); the sweeper finds any whose wake-up is lost.
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public List<AcceptedEvent> acceptLater(Long tenantId, List<IncomingEvent> events) {
    String token = UUID.randomUUID().toString();
    List<AcceptedEvent> accepted = accept(tenantId, events, DeliveryStatus.QUEUED, token);
    List<Long> wake = accepted.stream().flatMap(a -> a.deliveryIds().stream()).toList();
    List<Long> claimed = accepted.stream().flatMap(a -> a.claimedIds().stream()).toList();
    int fresh = (int) accepted.stream().filter(a -> !a.duplicate()).count();
    if (!wake.isEmpty() || !claimed.isEmpty() || fresh > 0) {
      waiting.fire(new DeliveriesWaiting(wake, token, claimed, fresh));
    }
    return accepted;
  }

  /**
   * {@code claimToken}, when set, claims each delivery that can be attempted at once for its first
   * attempt in this same transaction.
   */
  private List<AcceptedEvent> accept(
      Long tenantId, List<IncomingEvent> events, DeliveryStatus waiting, String claimToken) {
    Instant now = Instant.now();
    Claims claims = new Claims(claimToken, now.plus(DeliveryStore.LEASE), now);
    List<Candidate> routed = null;
    List<AcceptedEvent> out = new ArrayList<>(events.size());
    int maxDeliveries = settings.maxDeliveriesPerRequest();
    long deliveries = 0;
    List<InLine> sequenced = new ArrayList<>();
    // Everything that reads the database comes before the first row is written (the idempotency
    // keys, the subscriptions): nothing is flushed before a FIFO sequence is locked (see place).
    List<AcceptedEvent> known = new ArrayList<>(events.size());
    Map<String, Integer> keysInRequest = new HashMap<>();
    for (IncomingEvent in : events) {
      known.add(
          in.idempotencyKey() == null || keysInRequest.containsKey(in.idempotencyKey())
              ? null
              : earlier(tenantId, in.idempotencyKey(), now));
      if (in.idempotencyKey() != null) {
        keysInRequest.putIfAbsent(in.idempotencyKey(), known.size() - 1);
      }
    }
    if (events.stream().anyMatch(e -> !e.isDirected())) {
      routed = candidates(tenantId);
    }
    for (int i = 0; i < events.size(); i++) {
      IncomingEvent in = events.get(i);
      if (known.get(i) != null) {
        out.add(known.get(i));
        continue;
      }
      Integer first = in.idempotencyKey() == null ? null : keysInRequest.get(in.idempotencyKey());
      if (first != null && first != i) {
        // The same key earlier in this request: answered as that event, nothing created.
        AcceptedEvent a = out.get(first);
        out.add(
            new AcceptedEvent(
                a.id(), a.publicId(), a.deliveries(), List.of(), null, List.of(), true));
        continue;
      }
      Event event =
          new Event(
              in.publicId() != null ? in.publicId() : Ids.timeOrderedUuid(),
              tenantId,
              in.type(),
              in.data(),
              in.source(),
              in.idempotencyKey());
      event.orderingKey(in.orderingKey());
      em.persist(event);
      EventView view = views.event(event);
      List<Long> wake = new ArrayList<>();
      List<Long> claimed = new ArrayList<>();
      int count = 0;
      if (in.isDirected()) {
        for (Long endpointId : in.directedTo()) {
          Endpoint ep = em.find(Endpoint.class, endpointId);
          if (ep != null && ep.tenantId().equals(tenantId) && ep.state() != EndpointState.DELETED) {
            count +=
                addDelivery(
                    event,
                    ep,
                    ep.isDeliverable(),
                    waiting,
                    in.attemptLimit(),
                    claims,
                    wake,
                    claimed,
                    null);
          }
        }
      } else {
        for (Candidate c : routed) {
          if (!c.style().matches(view, c.target())) {
            continue;
          }
          boolean deliverable = c.target().active();
          if (!deliverable && !c.style().holdsWhileInactive()) {
            continue;
          }
          count +=
              addDelivery(
                  event,
                  c.endpoint(),
                  deliverable,
                  waiting,
                  in.attemptLimit(),
                  claims,
                  wake,
                  claimed,
                  c.endpoint().ordering() == Ordering.FIFO
                          && c.endpoint().kind() == EndpointKind.NATIVE
                      ? sequenced
                      : null);
        }
      }
      event.deliveryCount(count);
      deliveries += count;
      if (deliveries > maxDeliveries) {
        // Rolls the whole request back: nothing of it is stored, nothing was acknowledged.
        throw ApiFailure.overLimit(
            "events",
            "this request fans out to more than "
                + maxDeliveries
                + " deliveries (WEBHOOKS_MAX_DELIVERIES_PER_REQUEST); send fewer events per"
                + " request");
      }
      out.add(
          new AcceptedEvent(event.id(), event.publicId(), count, wake, claimToken, claimed, false));
    }
    if (!sequenced.isEmpty()) {
      place(sequenced, claims);
    }
    return out;
  }

  /**
   * A delivery to a FIFO subscription, not yet stored: its place in its sequence is taken once
   * every event of the request is routed.
   */
  private record InLine(
      Delivery delivery,
      Sequences.Ref ref,
      boolean deliverable,
      DeliveryStatus waiting,
      List<Long> wake,
      List<Long> claimed) {}

  /**
   * Takes the places of the request's FIFO deliveries, locking each sequence once and all of them
   * in {@link Sequences#ORDER} (the recorder locks in the same order); within a sequence they keep
   * the request's order. The first of a sequence with nothing open is its head and goes on as any
   * delivery; the others wait for their turn.
   */
  private void place(List<InLine> sequenced, Claims claims) {
    Map<Sequences.Ref, List<InLine>> byRef = new TreeMap<>(Sequences.ORDER);
    for (InLine d : sequenced) {
      byRef.computeIfAbsent(d.ref(), k -> new ArrayList<>()).add(d);
    }
    for (Map.Entry<Sequences.Ref, List<InLine>> e : byRef.entrySet()) {
      List<InLine> line = e.getValue();
      Sequences.Places places = sequences.take(e.getKey(), line.size(), claims.now());
      Long head = null;
      List<long[]> behind = new ArrayList<>();
      for (int i = 0; i < line.size(); i++) {
        InLine d = line.get(i);
        boolean isHead = i == 0 && !places.headOpen();
        d.delivery().sequenced(e.getKey().key(), places.first() + i, isHead);
        if (isHead) {
          store(d.delivery(), d.deliverable(), d.waiting(), claims, d.wake(), d.claimed());
          head = d.delivery().id();
        } else {
          em.persist(d.delivery());
          behind.add(new long[] {places.first() + i, d.delivery().id()});
        }
      }
      sequences.placed(places.keyId(), head, behind);
    }
  }

  /** The claim that deliveries created now may be committed under. */
  private record Claims(String token, Instant leaseUntil, Instant now) {}

  private int addDelivery(
      Event event,
      Endpoint ep,
      boolean deliverable,
      DeliveryStatus waiting,
      Integer attemptLimit,
      Claims claims,
      List<Long> wake,
      List<Long> claimed,
      List<InLine> sequenced) {
    Delivery d = new Delivery(event, ep, deliverable ? waiting : DeliveryStatus.HELD, claims.now());
    d.attemptLimit(attemptLimit);
    if (sequenced != null) {
      String key = event.orderingKey() == null ? "" : event.orderingKey();
      sequenced.add(
          new InLine(d, new Sequences.Ref(ep.id(), key), deliverable, waiting, wake, claimed));
      return 1;
    }
    store(d, deliverable, waiting, claims, wake, claimed);
    return 1;
  }

  private void store(
      Delivery d,
      boolean deliverable,
      DeliveryStatus waiting,
      Claims claims,
      List<Long> wake,
      List<Long> claimed) {
    d.ownedBy(membership.incarnation()); // counts only while it is queued or claimed
    // Claimed now; the dispatcher's read of the claim checks the endpoint's breaker (and puts the
    // delivery off while it is open), as for any other claim.
    boolean claimNow = deliverable && waiting == DeliveryStatus.QUEUED && claims.token() != null;
    if (claimNow) {
      d.claimedAtCreation(claims.token(), claims.leaseUntil(), claims.now());
    }
    em.persist(d);
    if (claimNow) {
      claimed.add(d.id());
    } else if (deliverable && waiting == DeliveryStatus.QUEUED) {
      wake.add(d.id());
    }
  }

  private List<Candidate> candidates(Long tenantId) {
    List<Candidate> list = new ArrayList<>();
    for (Endpoint e :
        em.createNamedQuery("Endpoint.routedOfTenant", Endpoint.class)
            .setParameter("tenantId", tenantId)
            .setParameter("kinds", ROUTED_KINDS)
            .setParameter("deleted", EndpointState.DELETED)
            .getResultList()) {
      list.add(new Candidate(e, Views.routing(e), styles.of(e.kind())));
    }
    return list;
  }

  private AcceptedEvent earlier(Long tenantId, String key, Instant now) {
    List<Event> found =
        em.createNamedQuery("Event.byIdempotencyKey", Event.class)
            .setParameter("tenantId", tenantId)
            .setParameter("key", key)
            .getResultList();
    if (found.isEmpty()) {
      return null;
    }
    Event e = found.get(0);
    if (e.createdAt().isBefore(now.minus(IDEMPOTENCY_WINDOW))) {
      e.releaseIdempotencyKey();
      em.flush();
      return null;
    }
    return new AcceptedEvent(
        e.id(), e.publicId(), e.deliveryCount(), List.of(), null, List.of(), true);
  }
}
