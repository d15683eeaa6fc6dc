package dev.webhooks.api.intuned;

import dev.webhooks.styles.intuned.Sink;
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
 * A Run's or Job's webhook sink, as Intuned documents it: one POST per finished API run. Whether
 * the URL is an allowed destination is the engine's to say.
 */
@Schema(name = "IntunedSink", description = "A webhook sink: one POST per finished API run")
public record SinkRequest(
    @NotNull(message = "is required")
        @Pattern(regexp = "webhook", message = "must be \"webhook\"")
        @Schema(description = "The kind of sink; only webhook", enumeration = "webhook")
        String type,
    @NotBlank(message = "is required")
        @Size(max = 2048)
        @Schema(example = "https://example.com/webhook", maxLength = 2048)
        String url,
    @Size(max = 50) @Schema(description = "Headers sent with each POST")
        Map<
                @Pattern(
                    regexp = "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}",
                    message = "is not a valid header name")
                String,
                @NotNull @Size(max = 4000)
                @Pattern(regexp = "[^\\r\\n]*", message = "must be a single line") String>
            headers,
    @Schema(description = "true: results of failed runs are not sent", defaultValue = "false")
        Boolean skipOnFail,
    @Size(max = 200) @Schema(description = "The APIs whose results are sent; absent means all")
        List<@NotBlank @Size(max = 200) String> apisToSend,
    @Min(0) @Max(32) @Schema(description = "Retries of a failed POST", defaultValue = "3")
        Integer retry,
    @Min(100)
        @Max(600_000)
        @Schema(description = "Timeout of each POST, in milliseconds", defaultValue = "5000")
        Integer timeout) {

  /** The sink for the engine. */
  Sink sink() {
    return new Sink(url, headers, skipOnFail, apisToSend, retry, timeout);
  }

  static Sink sink(SinkRequest s) {
    return s == null ? null : s.sink();
  }
}
