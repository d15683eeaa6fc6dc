package dev.webhooks.deliveries.entity;

/**
 * Where a delivery stands. PENDING waits for {@code nextAttemptAt}; QUEUED has a wake-up on the JMS
 * queue; IN_FLIGHT is claimed by a worker until its lease ends; HELD waits for its subscription to
 * be active again. SUCCEEDED, FAILED and CANCELLED are final.
 */
public enum DeliveryStatus {
  PENDING,
  QUEUED,
  IN_FLIGHT,
  HELD,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
