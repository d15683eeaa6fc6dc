package dev.webhooks.api.platform;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.requests.JsonRequest;
import dev.webhooks.endpoints.boundary.EndpointDraft;
import dev.webhooks.endpoints.entity.Ordering;
import dev.webhooks.endpoints.entity.RetryPolicies;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.RetryPolicy;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A native endpoint as created ({@code POST}: {@code url} required) or changed ({@code PATCH}: only
 * the fields given). The destination rules and the retry policy's limits are the engine's, checked
 * when it is saved.
 */
@Schema(name = "EndpointRequest")
public record EndpointRequest(
    @NotBlank(groups = Create.class)
        @Size(max = 2048)
        @Schema(example = "https://example.com/webhooks", maxLength = 2048)
        String url,
    @Size(max = 1000) String description,
    @Size(max = 200) @Schema(description = "Event types to receive; empty or absent means all")
        List<
                @NotBlank @Size(max = 200)
                @Pattern(regexp = "^[^,]*$", message = "must not contain a comma") String>
            eventTypes,
    @Size(max = 50) @Schema(description = "Extra request headers")
        Map<@NotBlank @Size(max = 200) String, @NotNull @Size(max = 4000) String> headers,
    @Min(1) @Max(60) @Schema(defaultValue = "15") Integer timeoutSeconds,
    @Schema(
            description =
                "{\"delays\": [seconds...]} or {\"initialDelay\", \"multiplier\", \"maxDelay\","
                    + " \"maxAttempts\", \"maxWindow\"}, each with an optional \"jitter\" (0 to 0.5);"
                    + " default the Standard Webhooks schedule")
        JsonObject retryPolicy,
    @Schema(description = "false holds deliveries until it is true again") Boolean active,
    @Min(1) @Max(100_000) Integer rateLimitPerSecond,
    @Pattern(regexp = "none|fifo", message = "must be none or fifo")
        @Schema(
            enumeration = {"none", "fifo"},
            defaultValue = "none",
            description =
                "fifo: the events of one orderingKey (events without one: one sequence for the"
                    + " endpoint) are delivered one after the other, in acceptance order; a"
                    + " delivery is not attempted before the one ahead of it succeeded or reached a"
                    + " final state")
        String ordering)
    implements JsonRequest {

  /** What the engine stores; on create, absent fields take their defaults. */
  EndpointDraft draft(boolean create) {
    RetryPolicy policy = null;
    if (retryPolicy != null) {
      Validation v = new Validation();
      policy = RetryPolicies.fromRequest(retryPolicy, "retryPolicy", v);
      v.throwIfInvalid();
    } else if (create) {
      policy = RetryPolicy.STANDARD;
    }
    return new EndpointDraft(
        url,
        description,
        eventTypes,
        headers,
        timeoutSeconds,
        policy,
        active,
        rateLimitPerSecond,
        null,
        null,
        null,
        ordering == null ? null : Ordering.ofShown(ordering).orElseThrow());
  }

  /** A PATCH must change something. */
  void requireSomeField() {
    if (url == null
        && description == null
        && eventTypes == null
        && headers == null
        && timeoutSeconds == null
        && retryPolicy == null
        && active == null
        && rateLimitPerSecond == null
        && ordering == null) {
      throw ApiFailure.invalid("body", "names no field to change");
    }
  }
}
