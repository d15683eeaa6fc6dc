package dev.webhooks.styles.intuned;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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

/** A Job: a payload of API calls run on demand or on a schedule, with a sink for the results. */
@Entity
@Table(
    name = "WH_INTUNED_JOB",
    uniqueConstraints =
        @UniqueConstraint(
            name = "WH_INTUNED_JOB_KEY",
            columnNames = {"PROJECT_ID", "JOB_KEY"}))
@NamedQuery(
    name = "Job.byKey",
    query = "SELECT j FROM Job j WHERE j.projectId = :projectId AND j.jobKey = :jobKey")
@NamedQuery(
    name = "Job.ofProject",
    query = "SELECT j FROM Job j WHERE j.projectId = :projectId ORDER BY j.id")
public class Job {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "intunedJobSeq")
  @SequenceGenerator(
      name = "intunedJobSeq",
      sequenceName = "WH_INTUNED_JOB_SEQ",
      allocationSize = 20)
  private Long id;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "PROJECT_ID", nullable = false)
  private Long projectId;

  @Column(name = "JOB_KEY", nullable = false, length = 200)
  private String jobKey;

  /** The job as submitted (payload, configuration, sink, schedule), as JSON. */
  @Lob
  @Column(name = "DEFINITION", nullable = false)
  @Convert(converter = JobDefinition.Column.class)
  private JobDefinition definition;

  @Column(name = "PAUSED", nullable = false)
  private boolean paused;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  protected Job() {}

  public Job(Long tenantId, Long projectId, String jobKey, JobDefinition definition) {
    this.tenantId = tenantId;
    this.projectId = projectId;
    this.jobKey = jobKey;
    this.definition = definition;
    this.createdAt = Instant.now();
  }

  public Long id() {
    return id;
  }

  public Long tenantId() {
    return tenantId;
  }

  public Long projectId() {
    return projectId;
  }

  public String jobKey() {
    return jobKey;
  }

  /** The definition as stored: its sink's header values sealed. */
  public JobDefinition definition() {
    return definition;
  }

  public void definition(JobDefinition d) {
    this.definition = d;
  }

  public boolean paused() {
    return paused;
  }

  public void paused(boolean p) {
    this.paused = p;
  }
}
