package dev.webhooks.api.platform;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A retention run; the body is optional. */
public record RetentionRequest(
    @Schema(
            description =
                "Purge finished deliveries, their attempts and events older than this;"
                    + " default WEBHOOKS_RETENTION_DAYS ago",
            example = "2026-01-01T00:00:00Z")
        OffsetDateTime olderThan,
    @Size(max = 36)
        @Schema(description = "Only this tenant's data (its id); default every tenant's")
        String tenantId)
    implements JsonRequest {}
