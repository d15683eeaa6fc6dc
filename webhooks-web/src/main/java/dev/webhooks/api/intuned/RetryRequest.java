package dev.webhooks.api.intuned;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Intuned's retry policy of an API run: how many attempts in all. */
@Schema(name = "IntunedRetry")
public record RetryRequest(
    @Min(1)
        @Max(20)
        @Schema(description = "Attempts in all, the first included", defaultValue = "1")
        Integer maximumAttempts) {

  static Integer attempts(RetryRequest r) {
    return r == null ? null : r.maximumAttempts();
  }
}
