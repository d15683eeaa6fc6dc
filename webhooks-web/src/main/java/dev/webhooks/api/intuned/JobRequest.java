package dev.webhooks.api.intuned;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.requests.JsonRequest;
import dev.webhooks.styles.intuned.JobDefinition;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A Job as created ({@code id} required) or replaced (the path's id is kept): every field Intuned's
 * Job API documents is accepted; those this platform does not act on say so. That each call names
 * an API of the project and each interval is at least a second is the engine's to say.
 */
@Schema(name = "IntunedJobRequest")
public record JobRequest(
    @NotNull(groups = Create.class, message = "is required")
        @Pattern(
            regexp = "[a-zA-Z0-9_-]{7,200}",
            message = "must be at least 7 characters of letters, digits, '_' and '-'")
        @Schema(
            description = "The Job's id: required on create; on replace the path's id is kept",
            example = "nightly-crawl",
            pattern = "[a-zA-Z0-9_-]{7,200}")
        String id,
    @NotEmpty(message = "must be a non-empty array of {apiName, parameters}")
        @Schema(description = "The API calls of each Job run")
        List<@NotNull @Valid Call> payload,
    @Valid Configuration configuration,
    @Valid @Schema(description = "Where each result is POSTed") SinkRequest sink,
    @Valid Schedule schedule,
    @Size(max = 2048)
        @Schema(
            description =
                "Accepted and ignored: the proxy the vendor routes the Job's API calls through")
        String proxy,
    @JsonbProperty("auth_session")
        @Schema(
            description =
                "Accepted and ignored: the vendor's auth session for the Job's runs ({\"id\", ...})")
        JsonObject authSession)
    implements JsonRequest {

  /** One API call of the payload; absent values take the configuration's. */
  @Schema(name = "IntunedJobCall")
  public record Call(
      @NotBlank(message = "is required")
          @Size(max = 200)
          @Schema(description = "An API the project declares", example = "list")
          String apiName,
      @Schema(description = "The parameters passed to the API; default {}") JsonObject parameters,
      @Valid RetryRequest retry,
      @Min(1) @Max(3600) @Schema(description = "Timeout of the API call, in seconds")
          Integer requestTimeout) {}

  /** Defaults for every call of a Job run, and how many run at once. */
  @Schema(name = "IntunedJobConfiguration")
  public record Configuration(
      @Valid RetryRequest retry,
      @Min(1) @Max(100) @Schema(description = "API calls in flight at once", defaultValue = "10")
          Integer maxConcurrentRequests,
      @Min(1)
          @Max(3600)
          @Schema(description = "Timeout of each API call, in seconds", defaultValue = "600")
          Integer requestTimeout) {}

  /** When the Job runs by itself: one timer per interval. */
  @Schema(name = "IntunedJobSchedule")
  public record Schedule(
      @NotEmpty(message = "must be a non-empty array of {\"every\": ISO-8601 duration}")
          List<@NotNull @Valid Interval> intervals,
      @Schema(description = "Accepted and ignored: the vendor's calendar entries")
          JsonArray calendars,
      @Schema(
              type = SchemaType.NUMBER,
              description =
                  "Accepted and ignored (any JSON value): the vendor's random delay of each start")
          JsonValue jitter) {}

  /** A run every so often. */
  @Schema(name = "IntunedJobInterval")
  public record Interval(
      @NotNull(message = "is required")
          @Schema(
              type = SchemaType.STRING,
              format = "duration",
              description = "An ISO-8601 duration of at least 1 second",
              example = "PT1H")
          Duration every) {}

  /** The definition for the engine. */
  JobDefinition definition() {
    Configuration c = configuration;
    return new JobDefinition(
        id,
        payload.stream()
            .map(
                p ->
                    new JobDefinition.Call(
                        p.apiName(),
                        p.parameters(),
                        RetryRequest.attempts(p.retry()),
                        p.requestTimeout()))
            .toList(),
        c == null
            ? null
            : new JobDefinition.Configuration(
                RetryRequest.attempts(c.retry()), c.maxConcurrentRequests(), c.requestTimeout()),
        SinkRequest.sink(sink),
        schedule == null ? null : schedule.intervals().stream().map(Interval::every).toList());
  }
}
