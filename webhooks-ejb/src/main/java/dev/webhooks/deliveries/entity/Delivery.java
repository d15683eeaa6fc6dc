package dev.webhooks.deliveries.entity;

import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event on its way to one subscription: the outbox row the workers claim, and the record of its
 * outcome.
 */
@Entity
@Table(
    name = "WH_DELIVERY",
    indexes = {
      @Index(name = "WH_DELIVERY_DUE", columnList = "STATUS,NEXT_ATTEMPT_AT"),
      @Index(name = "WH_DELIVERY_TENANT", columnList = "TENANT_ID,ID")
    })
@NamedQuery(
    name = "Delivery.byPublicId",
    query = "SELECT d FROM Delivery d WHERE d.publicId = :publicId AND d.tenantId = :tenantId")
@NamedQuery(name = "Delivery.byIds", query = "SELECT d FROM Delivery d WHERE d.id IN :ids")
@NamedQuery(
    name = "Delivery.markQueued",
    query =
        "UPDATE Delivery d SET d.status = :queued, d.queuedAt = :now, d.ownerId = :owner"
            + " WHERE d.id IN :ids AND d.status IN :waiting")
@NamedQuery(
    name = "Delivery.releaseLeases",
    query =
        "UPDATE Delivery d SET d.status = :pending, d.claimToken = NULL WHERE d.id IN :ids"
            + " AND d.status = :inFlight AND d.leaseUntil < :now")
@NamedQuery(
    name = "Delivery.releaseHeld",
    query =
        "UPDATE Delivery d SET d.status = :pending, d.nextAttemptAt = :now WHERE d.endpoint.id = :endpointId"
            + " AND d.status = :held")
@NamedQuery(
    name = "Delivery.cancelOpen",
    query =
        "UPDATE Delivery d SET d.status = :cancelled, d.finishedAt = :now WHERE d.endpoint.id = :endpointId"
            + " AND d.status IN :open")
public class Delivery {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "deliverySeq")
  @SequenceGenerator(name = "deliverySeq", sequenceName = "WH_DELIVERY_SEQ", allocationSize = 1000)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 36)
  private String publicId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "EVENT_ID", nullable = false)
  private Event event;

  /**
   * The endpoint's id, the column's writable mapping: a delivery is created from an id (ingest
   * routes from cached values, not entities), and the endpoint is loaded only when read.
   */
  @Column(name = "ENDPOINT_ID", nullable = false, updatable = false)
  private Long endpointId;

  /** The event's id without loading the event. */
  @Column(name = "EVENT_ID", insertable = false, updatable = false)
  private Long eventId;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "ENDPOINT_ID", nullable = false, insertable = false, updatable = false)
  private Endpoint endpoint;

  @Enumerated(EnumType.STRING)
  @Column(name = "STATUS", nullable = false, length = 16)
  private DeliveryStatus status;

  @Column(name = "ATTEMPTS", nullable = false)
  private int attempts;

  /**
   * Overrides the policy's number of attempts (1 for synchronous tests); null follows the policy.
   */
  @Column(name = "ATTEMPT_LIMIT")
  private Integer attemptLimit;

  @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "FIRST_ATTEMPT_AT")
  private Instant firstAttemptAt;

  @Column(name = "LAST_ATTEMPT_AT")
  private Instant lastAttemptAt;

  @Column(name = "LEASE_UNTIL")
  private Instant leaseUntil;

  @Column(name = "CLAIM_TOKEN", length = 36)
  private String claimToken;

  /** The member incarnation that holds it while it is queued or claimed. */
  @Column(name = "OWNER_ID")
  private Long ownerId;

  @Column(name = "QUEUED_AT")
  private Instant queuedAt;

  @Column(name = "LAST_STATUS_CODE")
  private Integer lastStatusCode;

  @Column(name = "LAST_ERROR", length = 1000)
  private String lastError;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  @Column(name = "FINISHED_AT")
  private Instant finishedAt;

  /**
   * The sequence it is in at a FIFO subscription ('' the subscription's default one); null when it
   * is in none (a subscription without ordering, a resend, a test).
   */
  @Column(name = "ORDERING_KEY", length = 256)
  private String orderingKey;

  /** Its place in that sequence. */
  @Column(name = "ORDER_SEQ")
  private Long orderSeq;

  protected Delivery() {}

  public Delivery(Event event, Endpoint endpoint, DeliveryStatus initial, Instant now) {
    this(event, endpoint.id(), initial, now);
    this.endpoint = endpoint;
  }

  /** A delivery to the endpoint {@code endpointId}, which is not loaded. */
  public Delivery(Event event, Long endpointId, DeliveryStatus initial, Instant now) {
    this.publicId = Ids.timeOrderedUuid();
    this.tenantId = event.tenantId();
    this.event = event;
    this.eventId = event.id();
    this.endpointId = endpointId;
    this.status = initial;
    this.nextAttemptAt = now;
    this.createdAt = now;
    this.queuedAt = initial == DeliveryStatus.QUEUED ? now : null;
  }

  public Long id() {
    return id;
  }

  public String publicId() {
    return publicId;
  }

  public Long tenantId() {
    return tenantId;
  }

  public String claimToken() {
    return claimToken;
  }

  /** Held by member incarnation {@code owner} while it is queued or claimed. */
  public void ownedBy(long owner) {
    ownerId = owner;
  }

  public Long endpointId() {
    return endpointId;
  }

  public Long eventId() {
    return eventId;
  }

  public Event event() {
    return event;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public DeliveryStatus status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public Integer attemptLimit() {
    return attemptLimit;
  }

  public void attemptLimit(Integer limit) {
    this.attemptLimit = limit;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Instant firstAttemptAt() {
    return firstAttemptAt;
  }

  public Instant lastAttemptAt() {
    return lastAttemptAt;
  }

  public Integer lastStatusCode() {
    return lastStatusCode;
  }

  public String lastError() {
    return lastError;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  public String orderingKey() {
    return orderingKey;
  }

  public Long orderSeq() {
    return orderSeq;
  }

  /**
   * Places it in its sequence: the head is attempted as any delivery, the others wait for their
   * turn.
   */
  public void sequenced(String key, long seq, boolean head) {
    this.orderingKey = key;
    this.orderSeq = seq;
    if (!head) {
      status = DeliveryStatus.WAITING_FOR_TURN;
      queuedAt = null;
    }
  }

  /**
   * Creates the delivery already claimed by {@code token} for its first attempt: it is committed in
   * flight with the event and handed straight to a worker, which saves a claim transaction per
   * batch. A restart releases it like any other claim.
   */
  public void claimedAtCreation(String token, Instant leaseUntil, Instant now) {
    status = DeliveryStatus.IN_FLIGHT;
    claimToken = token;
    this.leaseUntil = leaseUntil;
    attempts = 1;
    firstAttemptAt = now;
    lastAttemptAt = now;
    queuedAt = null;
  }

  /**
   * A claimed delivery that will not be attempted now: the claim counted an attempt that is not
   * made.
   */
  public void notAttempted(DeliveryStatus to, Instant next) {
    attempts = Math.max(0, attempts - 1);
    if (attempts == 0) {
      firstAttemptAt = null;
    }
    unclaim(to, next);
  }

  /** Undoes a claim that was not attempted (rescheduled or held before any byte was sent). */
  public void unclaim(DeliveryStatus to, Instant next) {
    status = to;
    nextAttemptAt = next;
    claimToken = null;
    leaseUntil = null;
  }

  /**
   * Waits for a free slot of its endpoint: woken when a request to it finishes, or by the sweep at
   * {@code sweeperTime} if that wake-up is lost.
   */
  public void waitForSlot(Instant sweeperTime) {
    unclaim(DeliveryStatus.WAITING_FOR_SLOT, sweeperTime);
  }

  public void hold() {
    unclaim(DeliveryStatus.HELD, nextAttemptAt);
  }

  public void outcome(Integer statusCode, String error) {
    this.lastStatusCode = statusCode;
    this.lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
  }

  public void retryAt(Instant next) {
    unclaim(DeliveryStatus.PENDING, next);
  }

  public void finish(DeliveryStatus finalStatus, Instant at) {
    this.status = finalStatus;
    this.finishedAt = at;
    this.claimToken = null;
    this.leaseUntil = null;
  }
}
