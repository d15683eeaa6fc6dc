package dev.webhooks.spi;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A subscription with its secrets opened, for building one request. {@code signingSecrets} holds
 * the current secret first and, during a rotation's grace period, the previous one.
 */
public record EndpointView(
    Long id,
    String publicId,
    Long tenantId,
    EndpointKind kind,
    String url,
    Map<String, String> headers,
    int timeoutSeconds,
    List<String> signingSecrets,
    String styleKey,
    JsonObject styleConfig,
    JsonObject styleSecrets) {}
