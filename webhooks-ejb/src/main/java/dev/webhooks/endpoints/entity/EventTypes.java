package dev.webhooks.endpoints.entity;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An endpoint's event-type filter as stored: the types joined by commas, null for all types. */
public final class EventTypes {
  private EventTypes() {}

  public static Set<String> parse(String joined) {
    if (joined == null || joined.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
  }

  public static String join(List<String> types) {
    return types == null || types.isEmpty() ? null : String.join(",", new LinkedHashSet<>(types));
  }
}
