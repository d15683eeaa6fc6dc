package dev.webhooks.tenants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer of the platform: owns endpoints, events and API keys. Vendor styles call it workspace
 * or environment.
 */
@Entity
@Table(name = "WH_TENANT")
@NamedQuery(
    name = "Tenant.byPublicId",
    query = "SELECT t FROM Tenant t WHERE t.publicId = :publicId")
@NamedQuery(
    name = "Tenant.default",
    query = "SELECT t FROM Tenant t WHERE t.defaultTenant = TRUE ORDER BY t.id")
public class Tenant {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tenantSeq")
  @SequenceGenerator(name = "tenantSeq", sequenceName = "WH_TENANT_SEQ", allocationSize = 20)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 36)
  private String publicId;

  @Column(name = "NAME", nullable = false, length = 200)
  private String name;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  /** The tenant the bootstrap key (WEBHOOKS_API_KEY) belongs to. */
  @Column(name = "IS_DEFAULT", nullable = false)
  private boolean defaultTenant;

  protected Tenant() {}

  public Tenant(String name) {
    this(UUID.randomUUID().toString(), name);
  }

  public Tenant(String publicId, String name) {
    this.publicId = publicId;
    this.name = name;
    this.createdAt = Instant.now();
  }

  public static Tenant defaultTenant() {
    Tenant t = new Tenant("default");
    t.defaultTenant = true;
    return t;
  }

  public boolean isDefault() {
    return defaultTenant;
  }

  public Long id() {
    return id;
  }

  public String publicId() {
    return publicId;
  }

  public String name() {
    return name;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
