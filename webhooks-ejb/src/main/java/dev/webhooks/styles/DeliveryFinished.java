package dev.webhooks.styles;

import dev.webhooks.deliveries.entity.DeliveryStatus;

/** A delivery reached a final state: the style may react (update a run, emit a follow-up event). */
public record DeliveryFinished(
    Long deliveryId,
    String deliveryPublicId,
    DeliveryStatus status,
    EventView event,
    EndpointView endpoint,
    HttpOutcome lastOutcome,
    String reason) {}
