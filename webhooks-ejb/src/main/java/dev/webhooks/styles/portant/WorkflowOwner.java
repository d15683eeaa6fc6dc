package dev.webhooks.styles.portant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Which tenant a workflow belongs to: the first that configured its webhook, for good (also after
 * DELETE).
 */
@Entity
@Table(name = "WH_PORTANT_WORKFLOW")
@NamedQuery(
    name = "WorkflowOwner.byWorkflow",
    query = "SELECT w FROM WorkflowOwner w WHERE w.workflowId = :workflowId")
public class WorkflowOwner {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "portantWorkflowSeq")
  @SequenceGenerator(
      name = "portantWorkflowSeq",
      sequenceName = "WH_PORTANT_WORKFLOW_SEQ",
      allocationSize = 20)
  private Long id;

  @Column(name = "WORKFLOW_ID", nullable = false, unique = true, length = 64)
  private String workflowId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  protected WorkflowOwner() {}

  public WorkflowOwner(String workflowId, Long tenantId) {
    this.workflowId = workflowId;
    this.tenantId = tenantId;
    this.createdAt = Instant.now();
  }

  public Long tenantId() {
    return tenantId;
  }
}
