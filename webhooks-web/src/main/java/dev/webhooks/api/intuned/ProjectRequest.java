package dev.webhooks.api.intuned;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A project's APIs, each with the service that performs it. Whether each URL is an allowed
 * destination is the engine's to say.
 */
@Schema(name = "IntunedProjectRequest")
public record ProjectRequest(
    @NotEmpty(message = "must map at least one API name to {\"url\": ...}")
        @Schema(
            required = true,
            minProperties = 1,
            description = "API name -> the service performing it",
            example = "{\"list\": {\"url\": \"https://example.com/apis/list\"}}")
        Map<@NotBlank @Size(max = 200) String, @NotNull @Valid Api> apis)
    implements JsonRequest {

  /** The service that performs an API: it receives {"api", "parameters", "runId"}. */
  @Schema(name = "IntunedProjectApi")
  public record Api(
      @NotBlank(message = "is required")
          @Size(max = 2048)
          @Schema(example = "https://example.com/apis/list", maxLength = 2048)
          String url) {}

  /** API name -> URL, for the engine. */
  Map<String, String> urls() {
    Map<String, String> out = new LinkedHashMap<>();
    apis.forEach((name, api) -> out.put(name, api.url()));
    return out;
  }
}
