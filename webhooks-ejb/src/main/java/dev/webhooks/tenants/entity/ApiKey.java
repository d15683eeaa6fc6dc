package dev.webhooks.tenants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key of a tenant, stored only as its SHA-256 hash and a short prefix for recognition. */
@Entity
@Table(name = "WH_API_KEY", indexes = @Index(name = "WH_API_KEY_TENANT", columnList = "TENANT_ID"))
@NamedQuery(
    name = "ApiKey.validById",
    query = "SELECT COUNT(k) FROM ApiKey k WHERE k.id = :id AND k.revokedAt IS NULL")
@NamedQuery(
    name = "ApiKey.byHash",
    query = "SELECT k FROM ApiKey k WHERE k.keyHash = :hash AND k.revokedAt IS NULL")
@NamedQuery(
    name = "ApiKey.ofTenant",
    query = "SELECT k FROM ApiKey k WHERE k.tenantId = :tenantId ORDER BY k.id")
@NamedQuery(
    name = "ApiKey.byPublicId",
    query = "SELECT k FROM ApiKey k WHERE k.publicId = :publicId AND k.tenantId = :tenantId")
public class ApiKey {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "apiKeySeq")
  @SequenceGenerator(name = "apiKeySeq", sequenceName = "WH_API_KEY_SEQ", allocationSize = 20)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 36)
  private String publicId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "KEY_PREFIX", nullable = false, length = 16)
  private String prefix;

  @Column(name = "KEY_HASH", nullable = false, unique = true, length = 64)
  private String keyHash;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  @Column(name = "LAST_USED_AT")
  private Instant lastUsedAt;

  @Column(name = "REVOKED_AT")
  private Instant revokedAt;

  protected ApiKey() {}

  public ApiKey(Long tenantId, String prefix, String keyHash) {
    this.publicId = UUID.randomUUID().toString();
    this.tenantId = tenantId;
    this.prefix = prefix;
    this.keyHash = keyHash;
    this.createdAt = Instant.now();
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

  public String prefix() {
    return prefix;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastUsedAt() {
    return lastUsedAt;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public void usedAt(Instant when) {
    this.lastUsedAt = when;
  }

  public void revoke() {
    this.revokedAt = Instant.now();
  }
}
