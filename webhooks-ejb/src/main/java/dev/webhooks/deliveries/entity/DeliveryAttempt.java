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
import java.time.Instant;

/**
 * One HTTP attempt of a delivery, as sent (secrets masked) and as answered (body truncated to 64
 * KiB).
 */
@Entity
@Table(
    name = "WH_ATTEMPT",
    indexes = {
      @Index(name = "WH_ATTEMPT_DELIVERY", columnList = "DELIVERY_ID,ATTEMPT_NO"),
      @Index(name = "WH_ATTEMPT_ENDPOINT", columnList = "ENDPOINT_ID,STARTED_AT")
    })
@NamedQuery(
    name = "DeliveryAttempt.ofDelivery",
    query = "SELECT a FROM DeliveryAttempt a WHERE a.deliveryId = :deliveryId ORDER BY a.id")
public class DeliveryAttempt {
  public static final int MAX_BODY_CHARS = 64 * 1024;

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "attemptSeq")
  @SequenceGenerator(name = "attemptSeq", sequenceName = "WH_ATTEMPT_SEQ", allocationSize = 1000)
  private Long id;

  @Column(name = "DELIVERY_ID", nullable = false)
  private Long deliveryId;

  @Column(name = "ENDPOINT_ID", nullable = false)
  private Long endpointId;

  @Column(name = "ATTEMPT_NO", nullable = false)
  private int number;

  @Column(name = "STARTED_AT", nullable = false)
  private Instant startedAt;

  @Column(name = "DURATION_MS", nullable = false)
  private long durationMs;

  @Column(name = "SUCCEEDED", nullable = false)
  private boolean succeeded;

  @Column(name = "REQUEST_METHOD", length = 10)
  private String requestMethod;

  @Column(name = "REQUEST_URL", length = 2048)
  private String requestUrl;

  @Lob
  @Column(name = "REQUEST_HEADERS")
  private String requestHeaders;

  @Lob
  @Column(name = "REQUEST_BODY")
  private String requestBody;

  @Column(name = "RESPONSE_STATUS")
  private Integer responseStatus;

  @Lob
  @Column(name = "RESPONSE_HEADERS")
  private String responseHeaders;

  @Lob
  @Column(name = "RESPONSE_BODY")
  private String responseBody;

  @Column(name = "ERROR", length = 2000)
  private String error;

  protected DeliveryAttempt() {}

  public DeliveryAttempt(
      Long deliveryId,
      Long endpointId,
      int number,
      Instant startedAt,
      long durationMs,
      boolean succeeded,
      String requestMethod,
      String requestUrl,
      String requestHeaders,
      String requestBody,
      Integer responseStatus,
      String responseHeaders,
      String responseBody,
      String error) {
    this.deliveryId = deliveryId;
    this.endpointId = endpointId;
    this.number = number;
    this.startedAt = startedAt;
    this.durationMs = durationMs;
    this.succeeded = succeeded;
    this.requestMethod = requestMethod;
    this.requestUrl = requestUrl;
    this.requestHeaders = requestHeaders;
    this.requestBody = truncate(requestBody, MAX_BODY_CHARS);
    this.responseStatus = responseStatus;
    this.responseHeaders = responseHeaders;
    // The sender already kept at most WEBHOOKS_RESPONSE_MAX_BODY_BYTES and marked the cut; room
    // for that marker.
    this.responseBody = truncate(responseBody, MAX_BODY_CHARS + 256);
    this.error = truncate(error, 2000);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  public Long id() {
    return id;
  }

  public Long deliveryId() {
    return deliveryId;
  }

  public int number() {
    return number;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public long durationMs() {
    return durationMs;
  }

  public boolean succeeded() {
    return succeeded;
  }

  public String requestMethod() {
    return requestMethod;
  }

  public String requestUrl() {
    return requestUrl;
  }

  public String requestHeaders() {
    return requestHeaders;
  }

  public String requestBody() {
    return requestBody;
  }

  public Integer responseStatus() {
    return responseStatus;
  }

  public String responseHeaders() {
    return responseHeaders;
  }

  public String responseBody() {
    return responseBody;
  }

  public String error() {
    return error;
  }
}
