package dev.webhooks.api.platform;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documented shape of endpoint create/patch bodies (the resource reads them field by field).
 */
@Schema(name = "EndpointRequest")
public record EndpointRequest(
    @Schema(required = true, example = "https://example.com/webhooks") String url,
    String description,
    @Schema(description = "Event types to receive; empty means all") List<String> eventTypes,
    @Schema(description = "Extra request headers") Map<String, String> headers,
    @Schema(minimum = "1", maximum = "60", defaultValue = "15") Integer timeoutSeconds,
    @Schema(
            description =
                "{\"delays\": [seconds...]} or {\"initialDelay\", \"multiplier\", \"maxDelay\","
                    + " \"maxAttempts\", \"maxWindow\"}; default the Standard Webhooks schedule")
        Map<String, Object> retryPolicy,
    Boolean active,
    Integer rateLimitPerSecond) {}
