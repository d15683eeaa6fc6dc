package dev.webhooks.styles.intuned;

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
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A project: its APIs by name with the URL of the service that performs each, and its signing
 * secret.
 */
@Entity
@Table(
    name = "WH_INTUNED_PROJECT",
    uniqueConstraints =
        @UniqueConstraint(
            name = "WH_INTUNED_PROJECT_NAME",
            columnNames = {"TENANT_ID", "NAME"}))
@NamedQuery(
    name = "Project.byName",
    query = "SELECT p FROM Project p WHERE p.tenantId = :tenantId AND p.name = :name")
public class Project {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "intunedProjectSeq")
  @SequenceGenerator(
      name = "intunedProjectSeq",
      sequenceName = "WH_INTUNED_PROJECT_SEQ",
      allocationSize = 20)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 36)
  private String publicId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "NAME", nullable = false, length = 200)
  private String name;

  @Lob
  @Column(name = "APIS", nullable = false)
  private String apis;

  @Column(name = "SECRET_SEALED", nullable = false, length = 1000)
  private String secretSealed;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  protected Project() {}

  public Project(Long tenantId, String name, String apis, String secretSealed) {
    this.publicId = UUID.randomUUID().toString();
    this.tenantId = tenantId;
    this.name = name;
    this.apis = apis;
    this.secretSealed = secretSealed;
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

  public String name() {
    return name;
  }

  public String apis() {
    return apis;
  }

  public void apis(String apis) {
    this.apis = apis;
  }

  public void reseal(UnaryOperator<String> reseal) {
    secretSealed = reseal.apply(secretSealed);
  }

  public String secretSealed() {
    return secretSealed;
  }
}
