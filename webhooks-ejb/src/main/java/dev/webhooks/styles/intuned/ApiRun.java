package dev.webhooks.styles.intuned;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of one API, alone (a Run) or as part of a Job run. */
@Entity
@Table(
    name = "WH_INTUNED_API_RUN",
    indexes = @Index(name = "WH_INTUNED_API_RUN_JOB_RUN", columnList = "JOB_RUN_ID,STATUS"))
@NamedQuery(name = "ApiRun.byRunId", query = "SELECT r FROM ApiRun r WHERE r.runId = :runId")
@NamedQuery(
    name = "ApiRun.ofJobRun",
    query = "SELECT r FROM ApiRun r WHERE r.jobRunId = :jobRunId ORDER BY r.id")
public class ApiRun {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "intunedRunSeq")
  @SequenceGenerator(
      name = "intunedRunSeq",
      sequenceName = "WH_INTUNED_API_RUN_SEQ",
      allocationSize = 50)
  private Long id;

  @Column(name = "RUN_ID", nullable = false, unique = true, length = 21)
  private String runId;

  @Column(name = "TENANT_ID", nullable = false)
  private Long tenantId;

  @Column(name = "PROJECT_ID", nullable = false)
  private Long projectId;

  @Column(name = "JOB_RUN_ID")
  private Long jobRunId;

  @Column(name = "API", nullable = false, length = 200)
  private String api;

  @Lob
  @Column(name = "PARAMETERS")
  private String parameters;

  @Column(name = "STATUS", nullable = false, length = 12)
  @Convert(converter = RunStatus.Column.class)
  private RunStatus status;

  @Column(name = "MAX_ATTEMPTS", nullable = false)
  private int maxAttempts;

  @Column(name = "REQUEST_TIMEOUT", nullable = false)
  private int requestTimeout;

  /** The sink of a Run (a Job run's sink is its Job's). */
  @Lob
  @Column(name = "SINK")
  @Convert(converter = Sink.Column.class)
  private Sink sink;

  @Lob
  @Column(name = "RESULT")
  private String result;

  @Column(name = "STATUS_CODE")
  private Integer statusCode;

  @Column(name = "ERROR", length = 200)
  private String error;

  @Column(name = "MESSAGE", length = 2000)
  private String message;

  @Lob
  @Column(name = "EXTENDED_PAYLOADS")
  private String extendedPayloads;

  @Column(name = "CREATED_AT", nullable = false)
  private Instant createdAt;

  @Column(name = "FINISHED_AT")
  private Instant finishedAt;

  protected ApiRun() {}

  public ApiRun(
      String runId,
      Long tenantId,
      Long projectId,
      Long jobRunId,
      String api,
      String parameters,
      int maxAttempts,
      int requestTimeout,
      Sink sink) {
    this.runId = runId;
    this.tenantId = tenantId;
    this.projectId = projectId;
    this.jobRunId = jobRunId;
    this.api = api;
    this.parameters = parameters;
    this.status = RunStatus.PENDING;
    this.maxAttempts = maxAttempts;
    this.requestTimeout = requestTimeout;
    this.sink = sink;
    this.createdAt = Instant.now();
  }

  public Long id() {
    return id;
  }

  public String runId() {
    return runId;
  }

  public Long tenantId() {
    return tenantId;
  }

  public Long projectId() {
    return projectId;
  }

  public Long jobRunId() {
    return jobRunId;
  }

  public String api() {
    return api;
  }

  public String parameters() {
    return parameters;
  }

  public RunStatus status() {
    return status;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public int requestTimeout() {
    return requestTimeout;
  }

  /** The sink as stored: its header values sealed. */
  public Sink sink() {
    return sink;
  }

  /** The sink as stored again (its header values resealed on a key rotation). */
  public void sink(Sink stored) {
    this.sink = stored;
  }

  public String result() {
    return result;
  }

  public Integer statusCode() {
    return statusCode;
  }

  public String error() {
    return error;
  }

  public String message() {
    return message;
  }

  public String extendedPayloads() {
    return extendedPayloads;
  }

  public boolean isFinal() {
    return status.isFinal();
  }

  public void started() {
    if (status == RunStatus.PENDING) {
      status = RunStatus.STARTED;
    }
  }

  public void completed(String result, String extendedPayloads, Integer statusCode) {
    this.status = RunStatus.COMPLETED;
    this.result = result;
    this.extendedPayloads = extendedPayloads;
    this.statusCode = statusCode;
    this.finishedAt = Instant.now();
  }

  public void failed(String error, String message, Integer statusCode) {
    this.status = RunStatus.FAILED;
    this.error = error;
    this.message = message == null ? null : message.substring(0, Math.min(2000, message.length()));
    this.statusCode = statusCode;
    this.finishedAt = Instant.now();
  }

  public void canceled() {
    if (!isFinal()) {
      this.status = RunStatus.CANCELED;
      this.finishedAt = Instant.now();
    }
  }
}
