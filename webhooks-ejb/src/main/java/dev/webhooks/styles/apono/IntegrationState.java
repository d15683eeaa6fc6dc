package dev.webhooks.styles.apono;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** The latest reported state of one integration of a tenant. */
@Entity
@Table(
    name = "WH_APONO_INTEGRATION",
    uniqueConstraints =
        @UniqueConstraint(
            name = "WH_APONO_INTEGRATION_KEY",
            columnNames = {"TENANT_ID", "INTEGRATION_ID"}))
@NamedQuery(
    name = "IntegrationState.find",
    query =
        "SELECT s FROM IntegrationState s WHERE s.tenantId = :tenantId AND s.integrationId = :integrationId")
public class IntegrationState {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "aponoIntegrationSeq")
  @SequenceGenerator(
      name = "aponoIntegrationSeq",
      sequenceName = "WH_APONO_INTEGRATION_SEQ",
      allocationSize = 20)
  private Long id;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "INTEGRATION_ID", nullable = false, length = 200)
  private String integrationId;

  @Column(name = "NAME", length = 200)
  private String name;

  @Column(name = "INTEGRATION_TYPE", length = 200)
  private String type;

  @Column(name = "STATUS", nullable = false, length = 20)
  private String status;

  @Lob
  @Column(name = "ISSUES")
  private String issues;

  @Column(name = "UPDATED_AT", nullable = false)
  private Instant updatedAt;

  protected IntegrationState() {}

  public IntegrationState(Long tenantId, String integrationId) {
    this.tenantId = tenantId;
    this.integrationId = integrationId;
    this.status = "ACTIVE";
  }

  public String status() {
    return status;
  }

  public void report(String name, String type, String status, String issues) {
    this.name = name;
    this.type = type;
    this.status = status;
    this.issues = issues;
    this.updatedAt = Instant.now();
  }
}
