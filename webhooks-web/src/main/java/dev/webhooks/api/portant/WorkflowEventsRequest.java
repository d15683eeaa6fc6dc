package dev.webhooks.api.portant;

import dev.webhooks.api.requests.JsonRequest;
import dev.webhooks.styles.portant.PortantEvents;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An automation event of a workflow: one webhook per item. The items are the event's data as the
 * automation produced it; what a DOCUMENTS_CREATED item must hold is checked by the engine.
 */
@Schema(name = "PortantWorkflowEventsRequest")
public record WorkflowEventsRequest(
    @JsonbProperty("event_type")
        @NotNull(message = "is required")
        @Pattern(
            regexp =
                "^("
                    + PortantEvents.DOCUMENTS_CREATED
                    + "|"
                    + PortantEvents.EMAILS_CREATED
                    + "|"
                    + PortantEvents.SIGNATURES_REQUESTED
                    + "|"
                    + PortantEvents.SIGNATURES_COMPLETED
                    + ")$",
            message =
                "must be one of DOCUMENTS_CREATED, EMAILS_CREATED, SIGNATURES_REQUESTED or"
                    + " SIGNATURES_COMPLETED")
        @Schema(
            enumeration = {
              PortantEvents.DOCUMENTS_CREATED,
              PortantEvents.EMAILS_CREATED,
              PortantEvents.SIGNATURES_REQUESTED,
              PortantEvents.SIGNATURES_COMPLETED
            })
        String eventType,
    @NotEmpty(message = "must be a non-empty array")
        @Size(max = 10_000, message = "must have at most 10000 items (one webhook each)")
        @Schema(
            type = SchemaType.ARRAY,
            implementation = JsonObject.class,
            description =
                "One JSON object per webhook, sent as its data; a DOCUMENTS_CREATED item holds"
                    + " documents: [{id, url, name, mimetype}]")
        List<@NotNull(message = "must be a JSON object") JsonObject> items)
    implements JsonRequest {}
