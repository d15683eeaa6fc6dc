package dev.webhooks.spi;

import jakarta.json.JsonObject;
import java.util.Set;

/**
 * What routing needs of a subscription: its subscribed types (empty = all), style key and style
 * settings.
 */
public record RoutingTarget(
    Long id, boolean active, Set<String> eventTypes, String styleKey, JsonObject styleConfig) {

  public boolean acceptsType(String type) {
    return eventTypes.isEmpty() || eventTypes.contains(type);
  }
}
