package dev.webhooks.endpoints.entity;

import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.RetryPolicy;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A subscription: where and how events of a tenant are delivered. Every API style stores its
 * subscriptions here (its {@link EndpointKind}); style-specific settings live in {@code
 * styleConfig} (plain JSON) and {@code styleSecrets} (encrypted JSON). Secrets are stored sealed by
 * the keyring, never in plain text.
 */
@Entity
@Table(
    name = "WH_ENDPOINT",
    indexes = {
      @Index(name = "WH_ENDPOINT_TENANT", columnList = "TENANT_ID,KIND,STATE"),
      @Index(name = "WH_ENDPOINT_STYLE_KEY", columnList = "TENANT_ID,KIND,STYLE_KEY")
    })
@NamedQuery(
    name = "Endpoint.byPublicId",
    query = "SELECT e FROM Endpoint e WHERE e.publicId = :publicId AND e.state <> :deleted")
@NamedQuery(
    name = "Endpoint.routedOfTenant",
    query =
        "SELECT e FROM Endpoint e WHERE e.tenantId = :tenantId AND e.kind IN :kinds AND e.state <> :deleted")
@NamedQuery(
    name = "Endpoint.pageOfTenant",
    query =
        "SELECT e FROM Endpoint e WHERE e.tenantId = :tenantId AND e.kind = :kind AND e.state <> :deleted"
            + " AND e.id > :after ORDER BY e.id")
@NamedQuery(
    name = "Endpoint.byStyleKey",
    query =
        "SELECT e FROM Endpoint e WHERE e.tenantId = :tenantId AND e.kind = :kind AND e.styleKey = :key"
            + " AND e.state <> :deleted")
public class Endpoint {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "endpointSeq")
  @SequenceGenerator(name = "endpointSeq", sequenceName = "WH_ENDPOINT_SEQ", allocationSize = 20)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 64)
  private String publicId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Enumerated(EnumType.STRING)
  @Column(name = "KIND", nullable = false, length = 20)
  private EndpointKind kind;

  @Column(name = "STYLE_KEY", length = 200)
  private String styleKey;

  @Column(name = "URL", nullable = false, length = 2048)
  private String url;

  @Column(name = "DESCRIPTION", length = 1000)
  private String description;

  /** Comma-separated event types; null or empty means all. */
  @Column(name = "EVENT_TYPES", length = 8000)
  @Convert(converter = EventTypes.Column.class)
  private Set<String> eventTypes;

  /** Sealed JSON object of extra request headers. */
  @Lob
  @Column(name = "HEADERS_SEALED")
  private String headersSealed;

  @Column(name = "TIMEOUT_SECONDS", nullable = false)
  private int timeoutSeconds;

  @Column(name = "RETRY_POLICY", length = 4000)
  @Convert(converter = RetryPolicies.Column.class)
  private RetryPolicy retryPolicy;

  @Column(name = "ACTIVE", nullable = false)
  private boolean active;

  @Enumerated(EnumType.STRING)
  @Column(name = "STATE", nullable = false, length = 20)
  private EndpointState state;

  @Column(name = "STATE_REASON", length = 500)
  private String stateReason;

  @Column(name = "RATE_LIMIT")
  private Integer rateLimitPerSecond;

  /** FIFO: the events of one ordering key are delivered one after the other (native only). */
  @Enumerated(EnumType.STRING)
  @Column(name = "ORDERING", nullable = false, length = 8)
  private Ordering ordering = Ordering.NONE;

  @Column(name = "SECRET_SEALED", nullable = false, length = 1000)
  private String secretSealed;

  @Column(name = "PREVIOUS_SECRET_SEALED", length = 1000)
  private String previousSecretSealed;

  @Column(name = "PREVIOUS_SECRET_UNTIL")
  private Instant previousSecretUntil;

  @Lob
  @Column(name = "STYLE_CONFIG")
  @Convert(converter = StyleConfig.class)
  private JsonObject styleConfig;

  @Lob
  @Column(name = "STYLE_SECRETS_SEALED")
  private String styleSecretsSealed;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  @Column(name = "UPDATED_AT", nullable = false)
  private Instant updatedAt;

  protected Endpoint() {}

  public Endpoint(
      String publicId, Long tenantId, EndpointKind kind, String url, String secretSealed) {
    this.publicId = publicId;
    this.tenantId = tenantId;
    this.kind = kind;
    this.url = url;
    this.secretSealed = secretSealed;
    this.timeoutSeconds = 15;
    this.active = true;
    this.state = EndpointState.ENABLED;
    this.createdAt = Instant.now();
    this.updatedAt = createdAt;
  }

  /** Whether deliveries may be sent now (else they are held until it is). */
  public boolean isDeliverable() {
    return active && state == EndpointState.ENABLED;
  }

  public void touch() {
    this.updatedAt = Instant.now();
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

  public EndpointKind kind() {
    return kind;
  }

  public String styleKey() {
    return styleKey;
  }

  public void styleKey(String key) {
    this.styleKey = key;
  }

  public String url() {
    return url;
  }

  public void url(String url) {
    this.url = url;
  }

  public String description() {
    return description;
  }

  public void description(String description) {
    this.description = description;
  }

  /** The event types it subscribes to; empty for all. */
  public Set<String> eventTypes() {
    return eventTypes == null ? Set.of() : eventTypes;
  }

  public void eventTypes(Collection<String> types) {
    this.eventTypes =
        types == null || types.isEmpty()
            ? null
            : Collections.unmodifiableSet(new LinkedHashSet<>(types));
  }

  public String headersSealed() {
    return headersSealed;
  }

  public void headersSealed(String headersSealed) {
    this.headersSealed = headersSealed;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  public void timeoutSeconds(int t) {
    this.timeoutSeconds = t;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy == null ? RetryPolicy.STANDARD : retryPolicy;
  }

  public void retryPolicy(RetryPolicy policy) {
    this.retryPolicy = policy;
  }

  public boolean active() {
    return active;
  }

  public void active(boolean active) {
    this.active = active;
  }

  public EndpointState state() {
    return state;
  }

  public String stateReason() {
    return stateReason;
  }

  public void state(EndpointState state, String reason) {
    this.state = state;
    this.stateReason = reason;
  }

  public Ordering ordering() {
    return ordering;
  }

  public void ordering(Ordering o) {
    this.ordering = o;
  }

  public Integer rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  public void rateLimitPerSecond(Integer r) {
    this.rateLimitPerSecond = r;
  }

  public String secretSealed() {
    return secretSealed;
  }

  public String previousSecretSealed() {
    return previousSecretSealed;
  }

  public Instant previousSecretUntil() {
    return previousSecretUntil;
  }

  /** Replaces the signing secret; the old one keeps signing too until {@code graceUntil}. */
  public void rotateSecret(String newSealed, Instant graceUntil) {
    this.previousSecretSealed = this.secretSealed;
    this.previousSecretUntil = graceUntil;
    this.secretSealed = newSealed;
  }

  /**
   * Seals every secret again (encryption key rotation): {@code reseal} opens with any known key,
   * seals anew.
   */
  public void reseal(UnaryOperator<String> reseal) {
    secretSealed = reseal.apply(secretSealed);
    previousSecretSealed = previousSecretSealed == null ? null : reseal.apply(previousSecretSealed);
    headersSealed = headersSealed == null ? null : reseal.apply(headersSealed);
    styleSecretsSealed = styleSecretsSealed == null ? null : reseal.apply(styleSecretsSealed);
  }

  /** The style's configuration; an empty object for none. */
  public JsonObject styleConfig() {
    return styleConfig == null ? StyleConfig.of(null) : styleConfig;
  }

  public void styleConfig(String json) {
    this.styleConfig = json == null ? null : StyleConfig.of(json);
  }

  public String styleSecretsSealed() {
    return styleSecretsSealed;
  }

  public void styleSecretsSealed(String sealed) {
    this.styleSecretsSealed = sealed;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
