package dev.webhooks.events.boundary;

import java.util.List;

/**
 * An event that is committed: its public id, how many deliveries it made, which to wake now ({@code
 * deliveryIds}) and which were committed already claimed under {@code claimToken}, to be handed to
 * a worker without a claim transaction ({@code claimedIds}).
 */
public record AcceptedEvent(
    Long id,
    String publicId,
    int deliveries,
    List<Long> deliveryIds,
    String claimToken,
    List<Long> claimedIds,
    boolean duplicate) {}
