package dev.webhooks.api.platform;

import dev.webhooks.shared.ApiFailure;
import jakarta.enterprise.context.ApplicationScoped;

/** Page sizes: {@code ?limit} defaults to 50, at most 500. */
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
}
