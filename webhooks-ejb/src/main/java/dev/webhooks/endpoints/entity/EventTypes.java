package dev.webhooks.endpoints.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** An endpoint's event-type filter: a set of types (empty for all), stored joined by commas. */
public final class EventTypes {
  private EventTypes() {}

  public static Set<String> parse(String joined) {
    if (joined == null || joined.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
  }

  /** The column: the types joined by commas; none stored as no value. */
  @Converter
  public static class Column implements AttributeConverter<Set<String>, String> {
    @Override
    public String convertToDatabaseColumn(Set<String> types) {
      return types == null || types.isEmpty() ? null : String.join(",", types);
    }

    @Override
    public Set<String> convertToEntityAttribute(String joined) {
      return Collections.unmodifiableSet(parse(joined));
    }
  }
}
