package dev.webhooks.api.platform;

import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.RetryPolicies;
import dev.webhooks.spi.OutgoingRequest;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A native endpoint as the API shows it. The secret appears only in the create response. */
public record EndpointResponse(
    String id,
    String url,
    String description,
    List<String> eventTypes,
    Map<String, String> headers,
    int timeoutSeconds,
    JsonObject retryPolicy,
    boolean active,
    String state,
    String stateReason,
    Integer rateLimitPerSecond,
    String ordering,
    Instant createdAt,
    Instant updatedAt,
    String secret) {

  static EndpointResponse of(Endpoint e, Map<String, String> headers, String secret) {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach(
        (k, v) -> shown.put(k, OutgoingRequest.looksSensitive(k) ? OutgoingRequest.mask(v) : v));
    return new EndpointResponse(
        e.publicId(),
        e.url(),
        e.description(),
        List.copyOf(e.eventTypes()),
        shown,
        e.timeoutSeconds(),
        RetryPolicies.toJson(e.retryPolicy()),
        e.active(),
        e.state().name().toLowerCase(),
        e.stateReason(),
        e.rateLimitPerSecond(),
        e.ordering().shown(),
        e.createdAt(),
        e.updatedAt(),
        secret);
  }
}
