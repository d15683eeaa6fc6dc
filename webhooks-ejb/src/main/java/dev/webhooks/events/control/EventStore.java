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
import jakarta.ejb.ApplicationException;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    return accept(tenantId, intake(tenantId, events));
  }

  /** Each style's {@link EventIntake} reshapes the events, in the caller's transaction. */
  private List<IncomingEvent> intake(Long tenantId, List<IncomingEvent> events) {
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
    return shaped;
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
   * One request read and routed, nothing written yet: for each event, the earlier event with its
   * idempotency key ({@code known}) or its routing ({@code plan}); the sequences it joins, with how
   * many deliveries it adds to each.
   */
  private record Plan(
      List<IncomingEvent> events,
      List<AcceptedEvent> known,
      Map<String, Integer> keysInRequest,
      List<Routed> plan,
      Map<Sequences.Ref, Integer> joining) {}

  /**
   * The FIFO sequences of a transaction (one request or a group of them), locked in one order
   * before any row is written; then the places taken in each, in the order of the writes.
   */
  private final class Sequencing {
    final Map<Sequences.Ref, Sequences.Places> places = new TreeMap<>(Sequences.ORDER);
    final Map<Sequences.Ref, Integer> taken = new HashMap<>();
    final Map<Sequences.Ref, Long> heads = new HashMap<>();
    final Map<Sequences.Ref, List<long[]>> behind = new HashMap<>();

    Sequencing(Collection<Plan> plans, Instant now) {
      Map<Sequences.Ref, Integer> joining = new TreeMap<>(Sequences.ORDER);
      for (Plan p : plans) {
        p.joining().forEach((ref, n) -> joining.merge(ref, n, Integer::sum));
      }
      joining.forEach((ref, n) -> places.put(ref, sequences.take(ref, n, now)));
    }

    void placed() {
      places.forEach(
          (ref, p) ->
              sequences.placed(p.keyId(), heads.get(ref), behind.getOrDefault(ref, List.of())));
    }
  }

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
    Plan plan = plan(tenantId, events, now);
    Sequencing sequencing = new Sequencing(List.of(plan), now);
    List<AcceptedEvent> out = write(plan, waiting, claims, sequencing, now);
    sequencing.placed();
    return out;
  }

  /** One request of a group: a tenant's events, as the generic ingest takes them. */
  public record Submitted(Long tenantId, List<IncomingEvent> events) {}

  /** What became of one request of a group: its events, or the 4xx it alone gets. */
  public record Outcome(List<AcceptedEvent> accepted, ApiFailure refused) {}

  /**
   * Request {@code index} of a group failed in a way that may have left writes of its own: the
   * group's transaction is rolled back, and the caller runs that request alone and the others again
   * together.
   */
  @ApplicationException(rollback = true)
  public static final class PartFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public PartFailed(int index, RuntimeException cause) {
      super("request " + index + " of a group failed: " + cause, cause);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }

  /**
   * Several requests in one transaction (group commit, {@code GroupCommit}): one commit and one log
   * force for all of them. Each is read and routed on its own; one that is refused (too many
   * deliveries) gets its {@link ApiFailure} and writes nothing, the others go on. The sequences of
   * all are locked together, in one order, before any row is written. A style's intake that fails
   * fails the transaction with {@link PartFailed}; anything else that fails fails it too, and the
   * caller then runs each request alone.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public List<Outcome> acceptGroup(List<Submitted> requests) {
    Instant now = Instant.now();
    String token = UUID.randomUUID().toString();
    Claims claims = new Claims(token, now.plus(DeliveryStore.LEASE), now);
    List<Plan> plans = new ArrayList<>(requests.size());
    List<Outcome> outcomes = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      Submitted r = requests.get(i);
      List<IncomingEvent> shaped;
      try {
        shaped = intake(r.tenantId(), r.events());
      } catch (RuntimeException e) {
        // A style's intake may have written part of this request's state: the transaction goes.
        throw new PartFailed(i, e);
      }
      Plan plan = null;
      ApiFailure refused = null;
      try {
        plan = plan(r.tenantId(), shaped, now);
      } catch (ApiFailure f) {
        refused = f; // routing wrote nothing of this request
      }
      plans.add(plan);
      outcomes.add(new Outcome(null, refused));
    }
    Sequencing sequencing = new Sequencing(plans.stream().filter(Objects::nonNull).toList(), now);
    for (int i = 0; i < plans.size(); i++) {
      if (plans.get(i) != null) {
        outcomes.set(
            i,
            new Outcome(write(plans.get(i), DeliveryStatus.QUEUED, claims, sequencing, now), null));
      }
    }
    sequencing.placed();
    return outcomes;
  }

  /** Steps 1 and 2: reads (idempotency keys, subscriptions), then routing in memory. */
  private Plan plan(Long tenantId, List<IncomingEvent> events, Instant now) {
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
    return new Plan(events, known, keysInRequest, plan, joining);
  }

  /** Step 4: the rows of one request, in the places its sequences were given. */
  private List<AcceptedEvent> write(
      Plan plan, DeliveryStatus waiting, Claims claims, Sequencing seq, Instant now) {
    List<IncomingEvent> events = plan.events();
    List<AcceptedEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Routed r = plan.plan().get(i);
      if (r == null) {
        AcceptedEvent a = plan.known().get(i);
        if (a == null) {
          // The same key earlier in this request: answered as that event, nothing created.
          AcceptedEvent f = out.get(plan.keysInRequest().get(events.get(i).idempotencyKey()));
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
        Sequences.Places p = seq.places.get(ref);
        int k = seq.taken.merge(ref, 1, Integer::sum) - 1;
        boolean head = k == 0 && !p.headOpen();
        d.sequenced(ref.key(), p.first() + k, head);
        if (head) {
          store(d, t.deliverable(), waiting, claims, wake, claimed);
          seq.heads.put(ref, d.id());
        } else {
          em.persist(d); // waits for its turn
          seq.behind
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
              claims.token(),
              claimed,
              false,
              claimed.isEmpty() ? null : views.event(event)));
    }
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
