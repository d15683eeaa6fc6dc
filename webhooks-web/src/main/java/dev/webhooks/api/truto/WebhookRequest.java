package dev.webhooks.api.truto;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.requests.JsonRequest;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A Truto webhook as created ({@code POST}: {@code target_url} required) or changed ({@code PATCH}:
 * only the fields given). Whether the URL is an allowed destination and the event types are Truto's
 * is the engine's to say.
 */
@Schema(name = "TrutoWebhookRequest")
public record WebhookRequest(
    @JsonbProperty("target_url")
        @NotBlank(groups = Create.class, message = "is required")
        @Size(max = 2048)
        @Schema(
            description = "The URL where the webhook payload is sent; required on create",
            example = "https://example.com/webhook",
            maxLength = 2048)
        String targetUrl,
    @JsonbProperty("is_active")
        @Schema(description = "Inactive webhooks receive nothing", defaultValue = "true")
        Boolean isActive,
    @JsonbProperty("event_types")
        @Size(max = 100)
        @Schema(
            description =
                "The Truto event types subscribed to; [] or left out means all, and the webhook"
                    + " shows it back as it was sent",
            example = "[\"record:created\"]")
        List<@NotBlank @Size(max = 100) String> eventTypes)
    implements JsonRequest {}
