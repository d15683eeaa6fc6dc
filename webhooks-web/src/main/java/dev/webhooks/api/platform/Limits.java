package dev.webhooks.api.platform;

import dev.webhooks.shared.ApiFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Query values of the list operations: page sizes ({@code ?limit}, 50 by default, at most 500) and
 * instants.
 */
@ApplicationScoped
public class Limits {
  public int parse(String raw) {
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= 500) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiFailure.invalid("limit", "must be a whole number from 1 to 500");
  }

  /** An ISO-8601 instant given in the query parameter {@code field}; null when absent or blank. */
  public static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiFailure.invalid(field, "must be an ISO-8601 instant such as 2024-01-01T00:00:00Z");
    }
  }
}
