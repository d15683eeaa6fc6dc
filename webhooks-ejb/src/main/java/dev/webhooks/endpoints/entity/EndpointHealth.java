package dev.webhooks.endpoints.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * How an endpoint is doing: its run of failures, its circuit breaker and its last success. Written
 * by the recorder with every batch of outcomes, so it lives apart from the endpoint's configuration
 * ({@link Endpoint}), which changes only when its owner changes it: traffic never rewrites a
 * configuration row, and cached configurations stay valid under load. One row per endpoint, created
 * with it.
 */
@Entity
@Table(name = "WH_ENDPOINT_HEALTH")
public class EndpointHealth {
  @Id
  @Column(name = "ENDPOINT_ID")
  private Long endpointId;

  @Column(name = "CONSECUTIVE_FAILURES", nullable = false)
  private int consecutiveFailures;

  @Column(name = "FAILING_SINCE")
  private Instant failingSince;

  /**
   * While the circuit breaker is open, due deliveries wait until this time; then one probe decides.
   */
  @Column(name = "BREAKER_OPEN_UNTIL")
  private Instant breakerOpenUntil;

  @Column(name = "LAST_SUCCESS_AT")
  private Instant lastSuccessAt;

  protected EndpointHealth() {}

  /** A new endpoint's health: nothing attempted yet. */
  public EndpointHealth(Long endpointId) {
    this.endpointId = endpointId;
  }

  public Long endpointId() {
    return endpointId;
  }

  public Instant lastSuccessAt() {
    return lastSuccessAt;
  }

  public Instant failingSince() {
    return failingSince;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  public Instant breakerOpenUntil() {
    return breakerOpenUntil;
  }

  public void recordSuccess(Instant at) {
    this.lastSuccessAt = at;
    this.failingSince = null;
    this.consecutiveFailures = 0;
    this.breakerOpenUntil = null;
  }

  public void openBreaker(Instant until) {
    this.breakerOpenUntil = until;
  }

  public void recordFailure(Instant at) {
    if (failingSince == null) {
      failingSince = at;
    }
    consecutiveFailures++;
  }
}
