package dev.webhooks.api.intuned;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Intuned's Run API input: every field its reference documents is accepted; those this platform
 * does not act on say so. Whether {@code api} is an API of the project is the engine's to say.
 */
@Schema(name = "IntunedRunRequest")
public record RunRequest(
    @NotBlank(message = "is required")
        @Size(max = 200)
        @Schema(description = "The API to run: a name the project declares", example = "list")
        String api,
    @Schema(description = "The parameters passed to the API; default {}", example = "{\"page\": 1}")
        JsonObject parameters,
    @Valid RetryRequest retry,
    @Min(1)
        @Max(3600)
        @Schema(description = "Timeout of the API call, in seconds", defaultValue = "600")
        Integer requestTimeout,
    @Valid @Schema(description = "Where each result is POSTed") SinkRequest sink,
    @Size(max = 2048)
        @Schema(
            description =
                "Accepted and ignored: the proxy the vendor routes the API call through;"
                    + " the call here goes to the API's service directly")
        String proxy,
    @Schema(
            description =
                "Accepted and ignored: whether the vendor keeps a browser trace of the run")
        Boolean saveTrace,
    @Schema(
            description =
                "Accepted and ignored: the vendor's auth session for the run ({\"id\", ...})")
        JsonObject authSession)
    implements JsonRequest {

  int maximumAttempts() {
    Integer n = RetryRequest.attempts(retry);
    return n == null ? 1 : n;
  }

  int timeoutSeconds() {
    return requestTimeout == null ? 600 : requestTimeout;
  }
}
