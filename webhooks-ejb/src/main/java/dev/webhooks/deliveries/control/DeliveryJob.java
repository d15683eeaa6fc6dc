package dev.webhooks.deliveries.control;

import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import java.time.Instant;

/** A claimed delivery, with everything needed to make its attempt outside any transaction. */
public record DeliveryJob(
    Long deliveryId,
    String deliveryPublicId,
    int attemptNumber,
    Instant firstAttemptAt,
    EventView event,
    EndpointView endpoint,
    Integer rateLimitPerSecond) {}
