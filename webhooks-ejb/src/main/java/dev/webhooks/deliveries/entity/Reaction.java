package dev.webhooks.deliveries.entity;

import dev.webhooks.spi.FailureKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A style's reaction that is owed: to a finished delivery (with the last response, which the
 * reaction reads) or to an endpoint disabled for failing too long. Written by the transaction that
 * recorded the outcome; run and deleted in a transaction of its own; retried while it fails.
 */
@Entity
@Table(name = "WH_REACTION")
@NamedQuery(
    name = "Reaction.due",
    query = "SELECT r.id FROM Reaction r WHERE r.dueAt <= :now ORDER BY r.dueAt")
public class Reaction {
  /** What the style reacts to. */
  public enum Kind {
    FINISHED,
    DISABLED
  }

  /** A reaction the in-memory path has not run after this long is the sweep's to run. */
  public static final Duration FIRST_GRACE = Duration.ofSeconds(30);

  /** After this many failures a reaction is given up (logged, kept with no due time). */
  public static final int MAX_TRIES = 20;

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "reactionSeq")
  @SequenceGenerator(name = "reactionSeq", sequenceName = "WH_REACTION_SEQ", allocationSize = 50)
  private Long id;

  @Enumerated(EnumType.STRING)
  @Column(name = "KIND", nullable = false, length = 16)
  private Kind kind;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "ENDPOINT_ID", nullable = false)
  private Long endpointId;

  @Column(name = "DELIVERY_ID")
  private Long deliveryId;

  @Column(name = "ENDED", length = 16)
  private String ended;

  @Column(name = "STATUS_CODE")
  private Integer statusCode;

  @Enumerated(EnumType.STRING)
  @Column(name = "FAILURE_KIND", length = 32)
  private FailureKind failureKind;

  @Column(name = "DURATION_MS")
  private Long durationMs;

  @Lob
  @Column(name = "BODY")
  private String body;

  @Column(name = "REASON", length = 2000)
  private String reason;

  @Column(name = "FAILING_SINCE")
  private Instant failingSince;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  @Column(name = "DUE_AT")
  private Instant dueAt;

  @Column(name = "TRIES", nullable = false)
  private int tries;

  @Column(name = "LAST_ERROR", length = 1000)
  private String lastError;

  protected Reaction() {}

  public static Reaction finished(
      Long tenantId,
      Long endpointId,
      Long deliveryId,
      String ended,
      Integer statusCode,
      FailureKind failureKind,
      long durationMs,
      String body,
      String reason,
      Instant now) {
    Reaction r = new Reaction(Kind.FINISHED, tenantId, endpointId, now);
    r.deliveryId = deliveryId;
    r.ended = ended;
    r.statusCode = statusCode;
    r.failureKind = failureKind;
    r.durationMs = durationMs;
    r.body = body;
    r.reason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 2000));
    return r;
  }

  public static Reaction disabled(
      Long tenantId, Long endpointId, Instant failingSince, Instant now) {
    Reaction r = new Reaction(Kind.DISABLED, tenantId, endpointId, now);
    r.failingSince = failingSince;
    return r;
  }

  private Reaction(Kind kind, Long tenantId, Long endpointId, Instant now) {
    this.kind = kind;
    this.tenantId = tenantId;
    this.endpointId = endpointId;
    this.createdAt = now;
    this.dueAt = now.plus(FIRST_GRACE);
  }

  /**
   * The reaction failed: it is due again after a pause that doubles with each try (from 5 s, at
   * most an hour), or given up after {@link #MAX_TRIES}. Returns whether it will be tried again.
   */
  public boolean failed(String error, Instant now) {
    tries++;
    lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
    if (tries >= MAX_TRIES) {
      dueAt = null;
      return false;
    }
    long seconds = Math.min(3600, 5L << Math.min(tries - 1, 20));
    dueAt = now.plusSeconds(seconds);
    return true;
  }

  /**
   * Whether it may run now: not given up, and either never tried (the run right after its commit)
   * or due again after a failure.
   */
  public boolean runnable(Instant now) {
    return dueAt != null && (tries == 0 || !dueAt.isAfter(now));
  }

  public Long id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public Long tenantId() {
    return tenantId;
  }

  public Long endpointId() {
    return endpointId;
  }

  public Long deliveryId() {
    return deliveryId;
  }

  public String ended() {
    return ended;
  }

  public Integer statusCode() {
    return statusCode;
  }

  public FailureKind failureKind() {
    return failureKind;
  }

  public Long durationMs() {
    return durationMs;
  }

  public String body() {
    return body;
  }

  public String reason() {
    return reason;
  }

  public Instant failingSince() {
    return failingSince;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant dueAt() {
    return dueAt;
  }

  public int tries() {
    return tries;
  }
}
