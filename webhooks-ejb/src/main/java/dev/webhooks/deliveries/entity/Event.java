package dev.webhooks.deliveries.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Something that happened in a tenant, accepted durably; its deliveries fan out from it. */
@Entity
@Table(
    name = "WH_EVENT",
    uniqueConstraints =
        @UniqueConstraint(
            name = "WH_EVENT_IDEMPOTENCY",
            columnNames = {"TENANT_ID", "IDEMPOTENCY_KEY"}),
    indexes = @Index(name = "WH_EVENT_CREATED", columnList = "CREATED_AT"))
@NamedQuery(
    name = "Event.byIdempotencyKey",
    query = "SELECT e FROM Event e WHERE e.tenantId = :tenantId AND e.idempotencyKey = :key")
@NamedQuery(
    name = "Event.byPublicId",
    query = "SELECT e FROM Event e WHERE e.tenantId = :tenantId AND e.publicId = :publicId")
public class Event {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "eventSeq")
  @SequenceGenerator(name = "eventSeq", sequenceName = "WH_EVENT_SEQ", allocationSize = 500)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 64)
  private String publicId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "EVENT_TYPE", nullable = false, length = 200)
  private String type;

  @Lob
  @Column(name = "PAYLOAD", nullable = false)
  private String payload;

  @Column(name = "SOURCE", length = 4000)
  private String source;

  @Column(name = "IDEMPOTENCY_KEY", length = 255)
  private String idempotencyKey;

  @Column(name = "DELIVERY_COUNT", nullable = false)
  private int deliveryCount;

  /** The sequence it belongs to at FIFO subscriptions (null: the subscription's default one). */
  @Column(name = "ORDERING_KEY", length = 256)
  private String orderingKey;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  protected Event() {}

  public Event(
      String publicId,
      Long tenantId,
      String type,
      String payload,
      String source,
      String idempotencyKey) {
    this.publicId = publicId;
    this.tenantId = tenantId;
    this.type = type;
    this.payload = payload;
    this.source = source;
    this.idempotencyKey = idempotencyKey;
    // Microseconds: what PostgreSQL keeps. The event's timestamp is in its payload, and the first
    // attempt is built from this object (not read back): every attempt must carry the same one.
    this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
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

  public String type() {
    return type;
  }

  public String payload() {
    return payload;
  }

  public String source() {
    return source;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  /** Frees the key of an event older than the idempotency window, so a new event may take it. */
  public void releaseIdempotencyKey() {
    this.idempotencyKey = null;
  }

  public String orderingKey() {
    return orderingKey;
  }

  public void orderingKey(String key) {
    this.orderingKey = key;
  }

  public int deliveryCount() {
    return deliveryCount;
  }

  public void deliveryCount(int n) {
    this.deliveryCount = n;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
