package dev.webhooks.events.control;

import dev.webhooks.shared.Validation;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads the generic event shape {@code {"type", "data", "source"?, "idempotencyKey"?}}, naming bad
 * fields.
 */
public final class EventRequests {
  private EventRequests() {}

  public static IncomingEvent read(JsonValue raw, String prefix, Validation v) {
    if (!(raw instanceof JsonObject o)) {
      v.add(prefix.isEmpty() ? "body" : prefix, "must be a JSON object");
      return null;
    }
    String p = prefix.isEmpty() ? "" : prefix + ".";
    String type = string(o, "type", p, v, true, 200);
    JsonValue data = o.get("data");
    if (data == null || data == JsonValue.NULL) {
      v.add(p + "data", "is required");
    }
    JsonValue source = o.get("source");
    if (source != null && source != JsonValue.NULL && !(source instanceof JsonObject)) {
      v.add(p + "source", "must be an object");
    }
    if (source != null && source.toString().length() > 4000) {
      v.add(p + "source", "must be at most 4000 characters of JSON");
    }
    String key = string(o, "idempotencyKey", p, v, false, 255);
    if (data == null || data == JsonValue.NULL || type == null) {
      return null;
    }
    return IncomingEvent.routed(
        type, data.toString(), source instanceof JsonObject ? source.toString() : null, key);
  }

  static String string(
      JsonObject o, String name, String p, Validation v, boolean required, int max) {
    JsonValue val = o.get(name);
    if (val == null || val == JsonValue.NULL) {
      if (required) {
        v.add(p + name, "is required");
      }
      return null;
    }
    if (!(val instanceof JsonString s)) {
      v.add(p + name, "must be a string");
      return null;
    }
    String text = s.getString();
    if (text.isBlank() || text.length() > max) {
      v.add(p + name, "must be 1 to " + max + " characters");
      return null;
    }
    return text;
  }
}
