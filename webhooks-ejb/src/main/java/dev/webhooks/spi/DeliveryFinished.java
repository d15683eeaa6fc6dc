package dev.webhooks.spi;

/** A delivery reached a final state: the style may react (update a run, emit a follow-up event). */
public record DeliveryFinished(
    Long deliveryId,
    String deliveryPublicId,
    DeliveryEnd status,
    EventView event,
    EndpointView endpoint,
    HttpOutcome lastOutcome,
    String reason) {}
