package dev.webhooks.deliveries.control;

import dev.webhooks.cluster.control.Membership;
import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.DeliveryAttempt;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.deliveries.entity.Event;
import dev.webhooks.deliveries.entity.Reaction;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointHealth;
import dev.webhooks.endpoints.entity.EndpointState;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.DeliveryEnd;
import dev.webhooks.spi.DeliveryFinished;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.HttpOutcome;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delivery outbox: claims due deliveries in one transaction, records a batch of attempt
 * outcomes in another. No HTTP happens inside its transactions.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DeliveryStore {
  /**
   * How long a claim is kept before the sweeper of the member that made it takes it back: longer
   * than any request may take (a restart or a takeover releases claims at once, so this only covers
   * a result that was lost in a running server).
   */
  public static final Duration LEASE = Duration.ofMinutes(15);

  @PersistenceContext EntityManager em;
  @Inject Views views;
  @Inject DeliveryStyles styles;
  @Inject Settings settings;
  @Inject EngineMetrics metrics;
  @Inject Membership membership;
  @Inject Sequences sequences;
  @Inject jakarta.enterprise.event.Event<ReactionsOwed> owed; // (Event is the entity here)

  /** A retry to wake up at {@code at}. */
  public record Retry(Long deliveryId, Instant at) {}

  /**
   * What a claim took: jobs to attempt now, and deliveries put off (breaker, throttle) with their
   * time.
   */
  public record Claimed(List<DeliveryJob> jobs, List<Retry> deferred) {}

  /**
   * One statement claims the batch: marks the rows in flight under a fresh token, counts the
   * attempt and stamps the first attempt's time. Only ids that are still waiting and due (or woken
   * by a free slot) are taken, so a stale or repeated wake-up claims nothing.
   */
  private static final String CLAIM_SET =
      "UPDATE WH_DELIVERY SET STATUS = "
          + DeliveryStatus.IN_FLIGHT.sql()
          + ", CLAIM_TOKEN = ?, LEASE_UNTIL = ?, ATTEMPTS = ATTEMPTS + 1, LAST_ATTEMPT_AT = ?,"
          + " FIRST_ATTEMPT_AT = COALESCE(FIRST_ATTEMPT_AT, CAST(? AS TIMESTAMP)), OWNER_ID = ?";

  private static final String CLAIMABLE_NOW =
      " STATUS IN ("
          + DeliveryStatus.sqlList(DeliveryStatus.CLAIMABLE)
          + ") AND (NEXT_ATTEMPT_AT <= ? OR STATUS = "
          + DeliveryStatus.WAITING_FOR_SLOT.sql()
          + ")";

  /** Derby (one member): the update itself takes the rows that are still claimable. */
  private static final String CLAIM_SQL = CLAIM_SET + " WHERE ID IN (#ids) AND" + CLAIMABLE_NOW;

  /**
   * PostgreSQL (a cluster): rows another member is claiming at this moment are skipped, not waited
   * for, and whatever this statement takes is this member's alone.
   */
  private static final String CLAIM_SQL_SKIP_LOCKED =
      CLAIM_SET
          + " WHERE ID IN (SELECT ID FROM WH_DELIVERY WHERE ID IN (#ids) AND"
          + CLAIMABLE_NOW
          + " FOR UPDATE SKIP LOCKED)";

  /**
   * Claims those of {@code ids} that are due and waiting, and returns them ready to send.
   * Deliveries whose subscription is paused, disabled or inactive are held; those of a deleted one
   * are cancelled.
   */
  public Claimed claim(Collection<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return new Claimed(List.of(), List.of());
    }
    String token = UUID.randomUUID().toString();
    Timestamp at = Timestamp.from(now);
    int claimed =
        updateWithIds(
            settings.postgresql() ? CLAIM_SQL_SKIP_LOCKED : CLAIM_SQL,
            List.of(token, Timestamp.from(now.plus(LEASE)), at, at, membership.incarnation()),
            ids,
            List.of(at));
    if (claimed == 0) {
      return new Claimed(List.of(), List.of());
    }
    return jobsOf(heldBy(Set.of(token), ids), now, Map.of());
  }

  /**
   * Reads deliveries committed already claimed (at ingest) under one of {@code tokens} and returns
   * them ready to send, as {@link #claim} does. Ids no longer held by their token (released by an
   * expired lease and claimed again) are not returned. {@code events}: those of their events the
   * caller has (an ingest's), by id; the others are read.
   */
  public Claimed claimed(
      Collection<String> tokens, Collection<Long> ids, Instant now, Map<Long, EventView> events) {
    if (ids.isEmpty()) {
      return new Claimed(List.of(), List.of());
    }
    return jobsOf(heldBy(new HashSet<>(tokens), ids), now, events);
  }

  /**
   * The deliveries among {@code ids} held by one of {@code tokens}. The rows are read by primary
   * key alone and the token checked here: with the tokens in the statement too, Derby sometimes
   * chose to scan the whole table, and each claim grew slower with the table.
   */
  private List<Delivery> heldBy(Set<String> tokens, Collection<Long> ids) {
    List<Delivery> held = new ArrayList<>();
    for (Delivery d : byIds(ids)) {
      if (d.claimToken() != null && tokens.contains(d.claimToken())) {
        held.add(d);
      }
    }
    return held;
  }

  /**
   * The deliveries with these ids, read through the primary key. On Derby the statement names the
   * key's index: Derby plans a statement once, and one first planned while the table was nearly
   * empty (a new server's first claims) kept scanning the whole table as it grew, every pump round
   * a full scan (#18: in P3 90% of the CPU, and no delivery for 30 s). PostgreSQL plans each
   * execution and needs no hint.
   */
  private List<Delivery> byIds(Collection<Long> ids) {
    String table = settings.postgresql() ? null : deliveriesByPrimaryKey();
    if (table == null) {
      return em.createNamedQuery("Delivery.byIds", Delivery.class)
          .setParameter("ids", IdLists.padded(ids))
          .getResultList();
    }
    List<Delivery> rows = new ArrayList<>();
    for (List<Long> slice : IdLists.slices(ids)) {
      Query q =
          em.createNativeQuery(
              "SELECT * FROM "
                  + table
                  + " WHERE ID IN ("
                  + IdLists.placeholders(slice.size())
                  + ")",
              Delivery.class);
      int p = 1;
      for (Long id : slice) {
        q.setParameter(p++, id);
      }
      @SuppressWarnings("unchecked")
      List<Delivery> some = q.getResultList();
      rows.addAll(some);
    }
    return rows;
  }

  /**
   * Derby: WH_DELIVERY read through its primary key ({@link DerbyHints}), worked out once from the
   * catalog (Liquibase names it PK_WH_DELIVERY). Null if the name cannot be used in a hint.
   */
  private String deliveriesByPrimaryKey() {
    String table = derbyDeliveriesByPrimaryKey;
    if (table == null) {
      Object name =
          em.createNativeQuery(DerbyHints.PRIMARY_KEY_NAME_SQL)
              .setParameter(1, "WH_DELIVERY")
              .getResultStream()
              .findFirst()
              .orElse(null);
      table = DerbyHints.through("WH_DELIVERY", name == null ? null : name.toString().trim());
      derbyDeliveriesByPrimaryKey = table == null ? "" : table;
    }
    return table == null || table.isEmpty() ? null : table;
  }

  /** {@link #deliveriesByPrimaryKey()} once known ("" when no hint can be used). */
  private static volatile String derbyDeliveriesByPrimaryKey;

  /**
   * Jobs for claimed deliveries. The event is not fetched with each row: a batch holds few events
   * (a fan-out shares one), and reading the payload once per row was a large share of the claim's
   * cost. The events the caller does not have are read in one statement: at fan-out 1 each delivery
   * has an event of its own, and reading them one by one (a statement each, through the lazy
   * relation) was 39% of the claim's samples in P7's batch phase (#18).
   */
  private Claimed jobsOf(List<Delivery> claimed, Instant now, Map<Long, EventView> known) {
    Map<Long, EndpointHealth> health = endpointsAndHealth(claimed);
    Map<Long, EventView> eventViews = new HashMap<>(known);
    List<Long> unknown =
        claimed.stream().map(Delivery::eventId).filter(id -> !known.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      for (Event e :
          em.createQuery("SELECT e FROM Event e WHERE e.id IN :ids", Event.class)
              .setParameter("ids", IdLists.padded(unknown))
              .getResultList()) {
        eventViews.put(e.id(), views.event(e));
      }
    }
    Map<Long, EndpointView> endpointViews = new HashMap<>();
    List<DeliveryJob> jobs = new ArrayList<>(claimed.size());
    List<Retry> deferred = new ArrayList<>();
    for (Delivery d : claimed) {
      Endpoint ep = d.endpoint();
      if (ep.state() == EndpointState.DELETED) {
        d.notAttempted(DeliveryStatus.PENDING, now);
        d.finish(DeliveryStatus.CANCELLED, now);
        continue;
      }
      if (!ep.isDeliverable()) {
        d.notAttempted(DeliveryStatus.HELD, d.nextAttemptAt());
        continue;
      }
      Optional<Instant> later = breakerHolds(health.get(ep.id()), now);
      if (later.isPresent()) {
        // Not attempted now: rescheduled, never failed or dropped.
        d.notAttempted(DeliveryStatus.PENDING, later.get());
        deferred.add(new Retry(d.id(), later.get()));
        continue;
      }
      // The bulk claim already counted this attempt: the entity is only read here, so no row is
      // written.
      EndpointView view = endpointViews.computeIfAbsent(ep.id(), k -> views.endpoint(ep, now));
      jobs.add(
          new DeliveryJob(
              d.id(),
              d.publicId(),
              d.attempts(),
              d.firstAttemptAt(),
              eventViews.computeIfAbsent(d.eventId(), k -> views.event(d.event())),
              view,
              ep.rateLimitPerSecond(),
              d.orderingKey()));
    }
    return new Claimed(jobs, deferred);
  }

  /**
   * Loads the endpoints of {@code deliveries} and their health rows in one query by primary key, so
   * that each {@code d.endpoint()} is found in the persistence context; returns the health rows by
   * endpoint id. A JOIN FETCH from the deliveries let Derby choose to walk each endpoint's
   * deliveries through the foreign-key index, reading (and locking) far more rows than the batch:
   * slow, and a source of deadlocks with the recorder.
   */
  private Map<Long, EndpointHealth> endpointsAndHealth(List<Delivery> deliveries) {
    Map<Long, EndpointHealth> health = new HashMap<>();
    if (!deliveries.isEmpty()) {
      for (Object[] row :
          em.createQuery(
                  "SELECT e, h FROM Endpoint e, EndpointHealth h"
                      + " WHERE h.endpointId = e.id AND e.id IN :ids",
                  Object[].class)
              .setParameter(
                  "ids", IdLists.padded(deliveries.stream().map(Delivery::endpointId).toList()))
              .getResultList()) {
        EndpointHealth h = (EndpointHealth) row[1];
        health.put(h.endpointId(), h);
      }
    }
    return health;
  }

  /**
   * While an endpoint's breaker is open its deliveries wait for the cool-down to end; the first one
   * claimed after it is the probe, and the breaker stays closed to others until the probe's outcome
   * is recorded.
   */
  private Optional<Instant> breakerHolds(EndpointHealth health, Instant now) {
    Instant openUntil = health == null ? null : health.breakerOpenUntil();
    if (openUntil == null) {
      return Optional.empty();
    }
    if (openUntil.isAfter(now)) {
      return Optional.of(openUntil.plusMillis(ThreadLocalRandom.current().nextInt(0, 500)));
    }
    health.openBreaker(now.plus(settings.breakerCooldown())); // half-open: this one probes
    return Optional.empty();
  }

  /**
   * Puts back claimed deliveries the throttle did not admit: not attempted, waiting for a free slot
   * of their endpoint or for a time. Returns the time-based ones, to be woken then.
   */
  public List<Retry> defer(List<DeliveryJob> jobs, List<Throttle.Deferral> waits) {
    List<Retry> timed = new ArrayList<>();
    Map<Long, Delivery> rows = new HashMap<>();
    for (Delivery d :
        em.createNamedQuery("Delivery.byIds", Delivery.class)
            .setParameter(
                "ids", IdLists.padded(jobs.stream().map(DeliveryJob::deliveryId).toList()))
            .getResultList()) {
      rows.put(d.id(), d);
    }
    for (int i = 0; i < jobs.size(); i++) {
      Delivery d = rows.get(jobs.get(i).deliveryId());
      Throttle.Deferral w = waits.get(i);
      if (d == null || d.status() != DeliveryStatus.IN_FLIGHT) {
        continue;
      }
      d.notAttempted(DeliveryStatus.PENDING, w.until());
      if (w.waitsForSlot()) {
        d.waitForSlot(w.until()); // woken when a request to this endpoint completes
      } else {
        timed.add(new Retry(d.id(), w.until()));
      }
    }
    return timed;
  }

  /**
   * Records attempts and moves each delivery on; returns the retries to wake up later. The styles'
   * reactions owed (to finished deliveries, to disabled subscriptions) are written as rows and run
   * after this transaction, in their own. With {@code reactions} false no such row is written: the
   * recorder's last resort when a result cannot be recorded otherwise (logged).
   */
  public List<Retry> record(List<AttemptResult> results, Instant now, boolean reactions) {
    // FIFO sequences are locked before any of their deliveries is touched, in the order acceptance
    // locks them too: the end of a head and the arrival of its successor are serialised.
    Map<Long, Sequences.Ref> inSequence = new HashMap<>();
    for (AttemptResult r : results) {
      if (r.job().sequence() != null) {
        inSequence.put(r.job().deliveryId(), r.job().sequence());
      }
    }
    if (!inSequence.isEmpty()) {
      sequences.lock(inSequence.values(), now);
    }
    // The common case, an endpoint whose every result in the batch succeeded, is written with a few
    // set-based statements; anything else goes through the entities and the full policy.
    Set<Long> troubled = new HashSet<>();
    for (AttemptResult r : results) {
      if (!r.succeeded()) {
        troubled.add(r.job().endpoint().id());
      }
    }
    List<AttemptResult> plain = new ArrayList<>(results.size());
    List<AttemptResult> others = new ArrayList<>();
    for (AttemptResult r : results) {
      (troubled.contains(r.job().endpoint().id()) ? others : plain).add(r);
    }
    List<DeliveryFinished> finished = new ArrayList<>();
    List<Reaction> disabledNow = new ArrayList<>();
    recordSuccesses(plain, now, finished);
    List<Retry> retries =
        others.isEmpty()
            ? new ArrayList<>()
            : recordOthers(others, now, finished, reactions, disabledNow);
    List<Reaction> owed = new ArrayList<>();
    for (DeliveryFinished f : finished) {
      Sequences.Ref seq = inSequence.get(f.deliveryId());
      if (seq != null) {
        // The next of its sequence goes now, woken once this commits.
        sequences.ended(seq, f.deliveryId(), now).ifPresent(id -> retries.add(new Retry(id, now)));
      }
      metrics.finished(f.status().name().toLowerCase());
      if (reactions && styles.of(f.endpoint().kind()).reactsWhenFinished()) {
        HttpOutcome o = f.lastOutcome();
        owed.add(
            Reaction.finished(
                f.endpoint().tenantId(),
                f.endpoint().id(),
                f.deliveryId(),
                f.status().name(),
                o == null ? null : o.status(),
                o == null ? null : o.failure(),
                o == null ? 0 : o.durationMs(),
                o == null ? null : o.body(),
                f.reason() != null ? f.reason() : o == null ? null : o.error(),
                now));
      }
    }
    owe(owed, disabledNow);
    return retries;
  }

  /**
   * Writes the reactions owed in this transaction; once it commits they are run, each in a
   * transaction of its own, never in this one (a failing reaction must not roll back the attempts
   * of other tenants recorded here).
   */
  private void owe(List<Reaction> finished, List<Reaction> disabled) {
    if (finished.isEmpty() && disabled.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>(finished.size() + disabled.size());
    for (Reaction r : finished) {
      em.persist(r);
    }
    for (Reaction r : disabled) {
      em.persist(r);
    }
    em.flush();
    finished.forEach(r -> ids.add(r.id()));
    disabled.forEach(r -> ids.add(r.id()));
    owed.fire(new ReactionsOwed(ids));
  }

  private static final String SUCCEED_SQL =
      "UPDATE WH_DELIVERY SET STATUS = "
          + DeliveryStatus.SUCCEEDED.sql()
          + ", FINISHED_AT = ?, LAST_STATUS_CODE = ?,"
          + " LAST_ERROR = NULL, CLAIM_TOKEN = NULL, LEASE_UNTIL = NULL"
          + " WHERE ID IN (#ids) AND STATUS = "
          + DeliveryStatus.IN_FLIGHT.sql();

  private static final String SUCCEEDED_NOW_SQL =
      "SELECT ID FROM WH_DELIVERY WHERE ID IN (#ids) AND STATUS = "
          + DeliveryStatus.SUCCEEDED.sql()
          + " AND FINISHED_AT = ?";

  /**
   * A success only resets an endpoint's failure bookkeeping when there is something to reset, and
   * moves its last success time at most once a second: without the guard every batch rewrote every
   * busy endpoint's health row.
   */
  private static final String ENDPOINT_SUCCESS_SQL =
      "UPDATE WH_ENDPOINT_HEALTH SET LAST_SUCCESS_AT = ?, FAILING_SINCE = NULL,"
          + " CONSECUTIVE_FAILURES = 0, BREAKER_OPEN_UNTIL = NULL WHERE ENDPOINT_ID IN (#ids)"
          + " AND (LAST_SUCCESS_AT IS NULL"
          + " OR LAST_SUCCESS_AT < ? OR FAILING_SINCE IS NOT NULL OR CONSECUTIVE_FAILURES <> 0"
          + " OR BREAKER_OPEN_UNTIL IS NOT NULL)";

  private void recordSuccesses(
      List<AttemptResult> results, Instant now, List<DeliveryFinished> finished) {
    if (results.isEmpty()) {
      return;
    }
    Timestamp at = Timestamp.from(now);
    Map<Integer, List<AttemptResult>> byStatus = new HashMap<>();
    Set<Long> endpointIds = new TreeSet<>();
    for (AttemptResult r : results) {
      em.persist(attemptRow(r, r.job().endpoint().id()));
      metrics.attempt(true);
      byStatus.computeIfAbsent(r.outcome().status(), k -> new ArrayList<>()).add(r);
      endpointIds.add(r.job().endpoint().id());
    }
    for (Map.Entry<Integer, List<AttemptResult>> group : byStatus.entrySet()) {
      List<Long> ids = group.getValue().stream().map(r -> r.job().deliveryId()).toList();
      int updated = updateWithIds(SUCCEED_SQL, List.of(at, group.getKey()), ids, List.of());
      // Deliveries cancelled or reclaimed while their attempt was under way keep their state; the
      // attempt is logged all the same.
      Set<Long> ours = updated == new HashSet<>(ids).size() ? null : succeededNow(ids, at);
      for (AttemptResult r : group.getValue()) {
        if (ours != null && !ours.contains(r.job().deliveryId())) {
          continue;
        }
        metrics.deliveredAfter(Duration.between(r.job().event().createdAt(), now).toMillis());
        finished.add(
            new DeliveryFinished(
                r.job().deliveryId(),
                r.job().deliveryPublicId(),
                DeliveryEnd.SUCCEEDED,
                r.job().event(),
                r.job().endpoint(),
                r.outcome(),
                null));
      }
    }
    updateWithIds(
        ENDPOINT_SUCCESS_SQL,
        List.of(at),
        endpointIds,
        List.of(Timestamp.from(now.minusSeconds(1))));
  }

  /**
   * Runs a native update whose {@code #ids} becomes the placeholders of a slice of {@code ids}
   * ({@link IdLists#slices}), once per slice, with its parameters bound in order: {@code before},
   * the slice, {@code after}. Returns the rows updated.
   */
  private int updateWithIds(
      String sql, List<Object> before, Collection<Long> ids, List<Object> after) {
    int updated = 0;
    for (List<Long> slice : IdLists.slices(ids)) {
      updated += withIds(sql, before, slice, after).executeUpdate();
    }
    return updated;
  }

  private Query withIds(String sql, List<Object> before, List<Long> slice, List<Object> after) {
    Query q = em.createNativeQuery(sql.replace("#ids", IdLists.placeholders(slice.size())));
    int p = 1;
    for (Object v : before) {
      q.setParameter(p++, v);
    }
    for (Long id : slice) {
      q.setParameter(p++, id);
    }
    for (Object v : after) {
      q.setParameter(p++, v);
    }
    return q;
  }

  private Set<Long> succeededNow(Collection<Long> ids, Timestamp at) {
    Set<Long> out = new HashSet<>();
    for (List<Long> slice : IdLists.slices(ids)) {
      for (Object id : withIds(SUCCEEDED_NOW_SQL, List.of(), slice, List.of(at)).getResultList()) {
        out.add(((Number) id).longValue());
      }
    }
    return out;
  }

  private DeliveryAttempt attemptRow(AttemptResult r, Long endpointId) {
    HttpOutcome o = r.outcome();
    DeliveryStyle style = styles.of(r.job().endpoint().kind());
    return new DeliveryAttempt(
        r.job().deliveryId(),
        endpointId,
        r.job().attemptNumber(),
        o.startedAt(),
        o.durationMs(),
        r.succeeded(),
        r.request().method(),
        r.request().url(),
        JsonText.write(r.request().maskedHeaders()),
        style.keepsRequestBody() ? new String(r.request().body(), StandardCharsets.UTF_8) : null,
        o.status(),
        o.headers() == null ? null : JsonText.write(o.headers()),
        o.body(),
        r.rejection() != null ? r.rejection() : o.error());
  }

  /** Every outcome other than a plain success, through the entities and the endpoint's policy. */
  private List<Retry> recordOthers(
      List<AttemptResult> results,
      Instant now,
      List<DeliveryFinished> finished,
      boolean reactions,
      List<Reaction> disabled) {
    List<Long> ids = results.stream().map(r -> r.job().deliveryId()).distinct().toList();
    Map<Long, Delivery> deliveries = new HashMap<>();
    List<Delivery> rows =
        em.createNamedQuery("Delivery.byIds", Delivery.class)
            .setParameter("ids", IdLists.padded(ids))
            .getResultList();
    for (Delivery d : rows) {
      deliveries.put(d.id(), d);
    }
    Map<Long, EndpointHealth> healthRows = endpointsAndHealth(rows);
    List<Retry> retries = new ArrayList<>();
    for (AttemptResult r : results) {
      Delivery d = deliveries.get(r.job().deliveryId());
      if (d == null) {
        continue; // purged meanwhile
      }
      DeliveryStyle style = styles.of(r.job().endpoint().kind());
      HttpOutcome o = r.outcome();
      String error = r.rejection() != null ? r.rejection() : o.error();
      em.persist(attemptRow(r, d.endpoint().id()));
      metrics.attempt(r.succeeded());
      if (d.status() != DeliveryStatus.IN_FLIGHT) {
        continue; // cancelled or reclaimed while the attempt was under way: the attempt is logged,
        // state kept
      }
      Endpoint ep = d.endpoint();
      EndpointHealth health =
          healthRows.computeIfAbsent(
              ep.id(),
              id -> {
                EndpointHealth h = new EndpointHealth(id); // an endpoint that lost its row
                em.persist(h);
                return h;
              });
      d.outcome(o.status(), error);
      AttemptPolicy.Decision decision =
          AttemptPolicy.decide(
              r.succeeded(),
              o,
              new AttemptPolicy.DeliveryState(d.attempts(), d.attemptLimit(), d.firstAttemptAt()),
              new AttemptPolicy.EndpointHealth(
                  health.consecutiveFailures(),
                  health.failingSince(),
                  ep.state() == EndpointState.ENABLED),
              ep.retryPolicy(),
              new AttemptPolicy.StyleRules(style.onGone(), style.disableAfter()),
              new AttemptPolicy.Limits(
                  settings.breakerThreshold(),
                  settings.breakerCooldown(),
                  settings.retryTimeScale()),
              now,
              ThreadLocalRandom.current().nextDouble());
      if (decision.verdict() == AttemptPolicy.Verdict.SUCCEED) {
        d.finish(DeliveryStatus.SUCCEEDED, now);
        health.recordSuccess(now);
        metrics.deliveredAfter(Duration.between(r.job().event().createdAt(), now).toMillis());
        finished.add(finishedOf(d, r, null));
        continue;
      }
      health.recordFailure(now);
      decision.breakerOpenUntil().ifPresent(health::openBreaker);
      if (decision.disable().isPresent()) {
        AttemptPolicy.Disable disable = decision.disable().get();
        ep.state(EndpointState.DISABLED, disable.reason());
        ep.touch();
        if (reactions && disable.cause() == AttemptPolicy.DisableCause.FAILING_TOO_LONG) {
          disabled.add(Reaction.disabled(ep.tenantId(), ep.id(), health.failingSince(), now));
        }
      }
      switch (decision.verdict()) {
        case HOLD -> d.hold();
        case RETRY -> {
          Instant next = decision.retryAt().orElseThrow();
          d.retryAt(next);
          retries.add(new Retry(d.id(), next));
        }
        default -> {
          d.finish(DeliveryStatus.FAILED, now);
          finished.add(finishedOf(d, r, error));
        }
      }
    }
    return retries;
  }

  private static DeliveryFinished finishedOf(Delivery d, AttemptResult r, String reason) {
    return new DeliveryFinished(
        d.id(),
        d.publicId(),
        DeliveryEnd.valueOf(d.status().name()),
        r.job().event(),
        r.job().endpoint(),
        r.outcome(),
        reason);
  }

  // ---- the sweeper's queries ----

  /** FIFO sequences whose head ended without releasing the next: the next is released now. */
  public List<Long> repairSequences(Instant now, int max) {
    return sequences.repair(now, max);
  }

  /** Waiting in the database for a time: the sweep queues them when it comes. */
  private static final Set<DeliveryStatus> WAITING =
      EnumSet.of(DeliveryStatus.PENDING, DeliveryStatus.WAITING_FOR_SLOT);

  /**
   * Ids of waiting deliveries due before {@code before}, oldest first, marked as queued by this
   * member. On PostgreSQL the rows are locked as they are read, skipping those another member's
   * sweep holds, so two members never queue the same delivery.
   */
  public List<Long> queueDue(Instant before, Instant now, int max) {
    // One range scan of the (STATUS, NEXT_ATTEMPT_AT) index per status: with both statuses in one
    // IN list the optimizer may scan far more of the table.
    List<Long> ids = new ArrayList<>();
    for (DeliveryStatus waiting : WAITING) {
      if (ids.size() < max) {
        ids.addAll(
            candidates(
                "SELECT ID FROM WH_DELIVERY WHERE STATUS = "
                    + waiting.sql()
                    + " AND NEXT_ATTEMPT_AT <= ? ORDER BY NEXT_ATTEMPT_AT",
                List.of(Timestamp.from(before)),
                max - ids.size()));
      }
    }
    markQueued(ids, now);
    return ids;
  }

  /**
   * Ids of deliveries this member queued before {@code before} and never claimed: their wake-up was
   * lost. (A dead member's queued deliveries are given back by the member that takes it over.)
   */
  public List<Long> staleQueued(Instant before, Instant now, int max) {
    List<Long> ids =
        candidates(
            "SELECT ID FROM WH_DELIVERY WHERE STATUS = "
                + DeliveryStatus.QUEUED.sql()
                + " AND QUEUED_AT < ? AND OWNER_ID = ?",
            List.of(Timestamp.from(before), membership.incarnation()),
            max);
    if (!ids.isEmpty()) {
      em.createQuery("UPDATE Delivery d SET d.queuedAt = :now WHERE d.id IN :ids")
          .setParameter("now", now)
          .setParameter("ids", ids)
          .executeUpdate();
    }
    return ids;
  }

  /**
   * Takes back this member's claims whose result never came back (the lease ended) so they are
   * attempted again. Another member's claims are never taken here, however long its request runs:
   * only when that member falls silent ({@link OrphanedClaims}).
   */
  public List<Long> releaseExpiredLeases(Instant now, int max) {
    List<Long> ids =
        candidates(
            "SELECT ID FROM WH_DELIVERY WHERE STATUS = "
                + DeliveryStatus.IN_FLIGHT.sql()
                + " AND LEASE_UNTIL < ? AND OWNER_ID = ?",
            List.of(Timestamp.from(now), membership.incarnation()),
            max);
    if (!ids.isEmpty()) {
      em.createNamedQuery("Delivery.releaseLeases")
          .setParameter("pending", DeliveryStatus.PENDING)
          .setParameter("ids", ids)
          .setParameter("inFlight", DeliveryStatus.IN_FLIGHT)
          .setParameter("now", now)
          .executeUpdate();
      markQueued(ids, now);
    }
    return ids;
  }

  /**
   * The sweeper's candidate scans. On Derby they read without waiting for locks ({@code WITH UR}):
   * under load they met the rows of ingest transactions still open and waited up to the lock
   * timeout, holding up every sweep; what they find is only a candidate list, and the updates that
   * follow re-check each row's state under locks. On PostgreSQL reads never wait for writers, and
   * the rows found are locked for this transaction ({@code FOR UPDATE SKIP LOCKED}), skipping those
   * another member holds.
   */
  private List<Long> candidates(String sql, List<Object> params, int max) {
    Query q =
        settings.postgresql()
            ? em.createNativeQuery(sql + " LIMIT " + max + " FOR UPDATE SKIP LOCKED")
            : em.createNativeQuery(sql + " WITH UR").setMaxResults(max);
    int p = 1;
    for (Object v : params) {
      q.setParameter(p++, v);
    }
    List<Long> ids = new ArrayList<>();
    for (Object id : q.getResultList()) {
      ids.add(((Number) id).longValue());
    }
    return ids;
  }

  private void markQueued(List<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return;
    }
    em.createNamedQuery("Delivery.markQueued")
        .setParameter("queued", DeliveryStatus.QUEUED)
        .setParameter("owner", membership.incarnation())
        .setParameter("now", now)
        .setParameter("ids", ids)
        .setParameter("waiting", WAITING)
        .executeUpdate();
  }
}
