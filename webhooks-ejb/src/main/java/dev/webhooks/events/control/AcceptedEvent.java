package dev.webhooks.events.control;

import java.util.List;

/**
 * An event that is committed: its public id, how many deliveries it made, and which to wake now.
 */
public record AcceptedEvent(
    Long id, String publicId, int deliveries, List<Long> deliveryIds, boolean duplicate) {}
