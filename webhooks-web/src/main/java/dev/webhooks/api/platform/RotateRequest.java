package dev.webhooks.api.platform;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A secret rotation; the body is optional. */
public record RotateRequest(
    @Min(0)
        @Max(7 * 86400)
        @Schema(
            description = "How long the previous secret still signs too, in seconds",
            defaultValue = "86400")
        Integer graceSeconds)
    implements JsonRequest {}
