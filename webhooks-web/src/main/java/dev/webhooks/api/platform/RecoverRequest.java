package dev.webhooks.api.platform;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.constraints.NotNull;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which failed deliveries go back in line. */
public record RecoverRequest(
    @NotNull
        @Schema(
            description = "Failed deliveries created at or after this time",
            example = "2026-01-31T00:00:00Z")
        OffsetDateTime since)
    implements JsonRequest {}
