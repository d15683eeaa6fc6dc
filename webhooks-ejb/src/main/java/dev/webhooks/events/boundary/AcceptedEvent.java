package dev.webhooks.events.boundary;

import dev.webhooks.spi.EventView;
import java.util.List;

/**
 * An event that is committed: its public id, how many deliveries it made, which to wake now ({@code
 * deliveryIds}) and which were committed already claimed under {@code claimToken}, to be handed to
 * a worker without a claim transaction ({@code claimedIds}), with the event as stored ({@code
 * event}, null for a duplicate), so that the worker does not read it again.
 */
public record AcceptedEvent(
    Long id,
    String publicId,
    int deliveries,
    List<Long> deliveryIds,
    String claimToken,
    List<Long> claimedIds,
    boolean duplicate,
    EventView event) {}
