package dev.webhooks.deliveries.control;

import java.util.List;

/**
 * Deliveries written in the current transaction, to be woken once it commits. Fired inside the
 * transaction; {@link DeliveryQueue} observes it after success only.
 */
public record DeliveriesWaiting(List<Long> ids) {}
