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
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EventIntake;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.IncomingEvent;
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

  @PersistenceContext EntityManager em;
  @Inject Membership membership;
  @Inject Settings settings;
  @Inject DeliveryStyles styles;
  @Inject Views views;
  @Inject Sequences sequences;
  @Inject Routes routes;
  @Inject @Any Instance<EventIntake> intakes;
  @Inject jakarta.enterprise.event.Event<DeliveriesWaiting> waiting; // (Event is the entity here)

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

  /** Where one event goes: a subscription, and the FIFO sequence it joins there (or none). */
  private record Target(Long endpointId, boolean deliverable, Sequences.Ref sequence) {}

  /** A new event and where it goes, routed before anything is written. */
  private record Routed(Event event, List<Target> targets) {}

  /**
   * {@code claimToken}, when set, claims each delivery that can be attempted at once for its first
   * attempt in this same transaction.
   *
   * <p>In three steps: everything is read and routed first (idempotency keys, subscriptions), then
   * the FIFO sequences the request joins are locked, then the rows are written. A transaction that
   * records the end of a FIFO delivery locks its sequence before it touches any delivery; were this
   * one to write deliveries before asking for that lock, each could wait for the other.
   */
  private List<AcceptedEvent> accept(
      Long tenantId, List<IncomingEvent> events, DeliveryStatus waiting, String claimToken) {
    Instant now = Instant.now();
    Claims claims = new Claims(claimToken, now.plus(DeliveryStore.LEASE), now);

    // 1. Reads: earlier events with the same idempotency keys, the tenant's subscriptions.
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
    List<Routes.Route> routed =
        events.stream().anyMatch(e -> !e.isDirected()) ? routes.of(tenantId) : List.of();

    // 2. Routing, in memory.
    int maxDeliveries = settings.maxDeliveriesPerRequest();
    long deliveries = 0;
    List<Routed> plan = new ArrayList<>(events.size());
    Map<Sequences.Ref, Integer> joining = new TreeMap<>(Sequences.ORDER);
    for (int i = 0; i < events.size(); i++) {
      IncomingEvent in = events.get(i);
      Integer first = in.idempotencyKey() == null ? null : keysInRequest.get(in.idempotencyKey());
      if (known.get(i) != null || (first != null && first != i)) {
        plan.add(null);
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
      List<Target> targets = new ArrayList<>();
      if (in.isDirected()) {
        // Directed events (tests, Intuned calls) join no sequence.
        for (Long endpointId : in.directedTo()) {
          Endpoint ep = em.find(Endpoint.class, endpointId);
          if (ep != null && ep.tenantId().equals(tenantId) && ep.state() != EndpointState.DELETED) {
            targets.add(new Target(ep.id(), ep.isDeliverable(), null));
          }
        }
      } else {
        EventView view = views.event(event);
        for (Routes.Route c : routed) {
          if (!c.style().matches(view, c.target())) {
            continue;
          }
          boolean deliverable = c.target().active();
          if (!deliverable && !c.style().holdsWhileInactive()) {
            continue;
          }
          Sequences.Ref sequence = null;
          if (c.ordering() == Ordering.FIFO && c.kind() == EndpointKind.NATIVE) {
            sequence =
                new Sequences.Ref(c.endpointId(), in.orderingKey() == null ? "" : in.orderingKey());
            joining.merge(sequence, 1, Integer::sum);
          }
          targets.add(new Target(c.endpointId(), deliverable, sequence));
        }
      }
      deliveries += targets.size();
      if (deliveries > maxDeliveries) {
        // Nothing of the request is stored, nothing was acknowledged.
        throw ApiFailure.overLimit(
            "events",
            "this request fans out to more than "
                + maxDeliveries
                + " deliveries (WEBHOOKS_MAX_DELIVERIES_PER_REQUEST); send fewer events per"
                + " request");
      }
      plan.add(new Routed(event, targets));
    }

    // 3. The FIFO sequences the request joins, locked in one order before anything is written.
    Map<Sequences.Ref, Sequences.Places> places = new TreeMap<>(Sequences.ORDER);
    joining.forEach((ref, n) -> places.put(ref, sequences.take(ref, n, now)));

    // 4. Writes.
    Map<Sequences.Ref, Integer> taken = new HashMap<>();
    Map<Sequences.Ref, Long> heads = new HashMap<>();
    Map<Sequences.Ref, List<long[]>> behind = new HashMap<>();
    List<AcceptedEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Routed r = plan.get(i);
      if (r == null) {
        AcceptedEvent a = known.get(i);
        if (a == null) {
          // The same key earlier in this request: answered as that event, nothing created.
          AcceptedEvent f = out.get(keysInRequest.get(events.get(i).idempotencyKey()));
          a =
              new AcceptedEvent(
                  f.id(), f.publicId(), f.deliveries(), List.of(), null, List.of(), true, null);
        }
        out.add(a);
        continue;
      }
      Event event = r.event();
      em.persist(event);
      List<Long> wake = new ArrayList<>();
      List<Long> claimed = new ArrayList<>();
      for (Target t : r.targets()) {
        Delivery d =
            new Delivery(
                event, t.endpointId(), t.deliverable() ? waiting : DeliveryStatus.HELD, now);
        d.attemptLimit(events.get(i).attemptLimit());
        Sequences.Ref ref = t.sequence();
        if (ref == null) {
          store(d, t.deliverable(), waiting, claims, wake, claimed);
          continue;
        }
        Sequences.Places p = places.get(ref);
        int k = taken.merge(ref, 1, Integer::sum) - 1;
        boolean head = k == 0 && !p.headOpen();
        d.sequenced(ref.key(), p.first() + k, head);
        if (head) {
          store(d, t.deliverable(), waiting, claims, wake, claimed);
          heads.put(ref, d.id());
        } else {
          em.persist(d); // waits for its turn
          behind
              .computeIfAbsent(ref, x -> new ArrayList<>())
              .add(new long[] {p.first() + k, d.id()});
        }
      }
      event.deliveryCount(r.targets().size());
      out.add(
          new AcceptedEvent(
              event.id(),
              event.publicId(),
              r.targets().size(),
              wake,
              claimToken,
              claimed,
              false,
              claimed.isEmpty() ? null : views.event(event)));
    }
    places.forEach(
        (ref, p) ->
            sequences.placed(p.keyId(), heads.get(ref), behind.getOrDefault(ref, List.of())));
    return out;
  }

  /** The claim that deliveries created now may be committed under. */
  private record Claims(String token, Instant leaseUntil, Instant now) {}

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
        e.id(), e.publicId(), e.deliveryCount(), List.of(), null, List.of(), true, null);
  }
}
