package dev.webhooks.api.platform;

import dev.webhooks.api.requests.JsonRequest;
import dev.webhooks.events.boundary.EventRequests;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.IncomingEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One event as submitted over REST (alone or in a batch). JMS messages carry the same shape and are
 * held to the same limits ({@link EventRequests}).
 */
@Schema(name = "EventRequest")
public record EventRequest(
    @NotBlank(message = "is required")
        @Size(max = EventRequests.MAX_TYPE)
        @Schema(example = "invoice.paid", maxLength = EventRequests.MAX_TYPE)
        String type,
    @NotNull(message = "is required")
        @Schema(description = "Any JSON value: the event's payload, sent as is")
        JsonValue data,
    @Schema(
            description =
                "Where the event comes from, e.g. {\"workflowId\": \"wkf_1\"} (at most "
                    + EventRequests.MAX_SOURCE_CHARS
                    + " characters of JSON)")
        JsonObject source,
    @Size(max = EventRequests.MAX_IDEMPOTENCY_KEY)
        @Schema(
            description = "The same key within 24 h answers the first event and creates nothing")
        String idempotencyKey,
    @Size(min = 1, max = IncomingEvent.MAX_ORDERING_KEY)
        @Schema(
            description =
                "At endpoints with ordering fifo, events with the same key are delivered in"
                    + " acceptance order (no key: one sequence for the endpoint); ignored elsewhere",
            maxLength = IncomingEvent.MAX_ORDERING_KEY)
        String orderingKey)
    implements JsonRequest {

  /** The event to ingest; {@code field} prefixes the names of what is refused here. */
  IncomingEvent toIncoming(String prefix, Validation v) {
    EventRequests.checkSource(source, prefix + "source", v);
    return IncomingEvent.routed(
            type, data.toString(), source == null ? null : source.toString(), idempotencyKey)
        .withOrderingKey(orderingKey);
  }
}
