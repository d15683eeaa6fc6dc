package dev.webhooks.deliveries.control;

import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import java.time.Instant;

/**
 * A claimed delivery, with everything needed to make its attempt outside any transaction. {@code
 * orderingKey}: the FIFO sequence it is in, if any (its end releases the next one).
 */
public record DeliveryJob(
    Long deliveryId,
    String deliveryPublicId,
    int attemptNumber,
    Instant firstAttemptAt,
    EventView event,
    EndpointView endpoint,
    Integer rateLimitPerSecond,
    String orderingKey) {

  /** The FIFO sequence it is in, or null. */
  public Sequences.Ref sequence() {
    return orderingKey == null ? null : new Sequences.Ref(endpoint.id(), orderingKey);
  }
}
