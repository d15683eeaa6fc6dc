package dev.webhooks.api.platform;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch in its object form, {@code {"events": [...]}}; a bare array of events is read alike. */
@Schema(name = "EventBatchRequest")
public record EventBatchRequest(
    @NotNull(message = "is required") @Size(min = 1, max = EventsResource.MAX_BATCH)
        List<@NotNull(message = "is required") @Valid EventRequest> events)
    implements JsonRequest {}
