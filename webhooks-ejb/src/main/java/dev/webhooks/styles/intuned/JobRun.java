package dev.webhooks.styles.intuned;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of a Job: its API runs, at most {@code maxConcurrentRequests} of them at once. */
@Entity
@Table(name = "WH_INTUNED_JOB_RUN")
@NamedQuery(
    name = "JobRun.byPublicId",
    query = "SELECT r FROM JobRun r WHERE r.publicId = :publicId")
@NamedQuery(
    name = "JobRun.ofJob",
    query = "SELECT r FROM JobRun r WHERE r.jobId = :jobId ORDER BY r.id")
public class JobRun {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "intunedJobRunSeq")
  @SequenceGenerator(
      name = "intunedJobRunSeq",
      sequenceName = "WH_INTUNED_JOB_RUN_SEQ",
      allocationSize = 20)
  private Long id;

  @Column(name = "PUBLIC_ID", nullable = false, unique = true, length = 36)
  private String publicId;

  @Column(name = "JOB_ID", nullable = false)
  private Long jobId;

  @Column(name = "STATUS", nullable = false, length = 12)
  @Convert(converter = RunStatus.Column.class)
  private RunStatus status;

  @Column(name = "STARTED_AT", nullable = false)
  private Instant startedAt;

  @Column(name = "FINISHED_AT")
  private Instant finishedAt;

  protected JobRun() {}

  public JobRun(String publicId, Long jobId) {
    this.publicId = publicId;
    this.jobId = jobId;
    this.status = RunStatus.STARTED;
    this.startedAt = Instant.now();
  }

  public Long id() {
    return id;
  }

  public String publicId() {
    return publicId;
  }

  public Long jobId() {
    return jobId;
  }

  public RunStatus status() {
    return status;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  public boolean isOpen() {
    return status == RunStatus.STARTED;
  }

  public void finish(RunStatus status) {
    if (isOpen()) {
      this.status = status;
      this.finishedAt = Instant.now();
    }
  }
}
