package dev.webhooks.api.portant;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A workflow's outgoing webhook as created ({@code POST}: {@code webhookUrl} required) or changed
 * ({@code PATCH}: only the fields given). Portant documents the single field {@code webhookUrl};
 * the resource's {@code id} is accepted and ignored, so a shown webhook can be sent back as it is.
 * The destination rules for the URL are the engine's.
 */
@Schema(name = "PortantOutgoingWebhookRequest")
public record OutgoingWebhookRequest(
    @Schema(
            description =
                "Accepted and ignored: the webhook's id as shown (owc_...); the workflow names it")
        String id,
    @NotBlank(groups = Create.class, message = "is required")
        @Size(max = 2048)
        @Schema(
            description = "The address events are POSTed to; required on create",
            example = "https://example.com/portant-events",
            maxLength = 2048)
        String webhookUrl,
    @Schema(
            description =
                "PATCH: true re-activates a webhook turned off after a 410 or repeated failures."
                    + " Accepted and ignored on create: a new webhook is active")
        Boolean active)
    implements JsonRequest {}
