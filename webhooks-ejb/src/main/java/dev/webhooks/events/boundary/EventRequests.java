package dev.webhooks.events.boundary;

import dev.webhooks.shared.Validation;
import dev.webhooks.spi.IncomingEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads the generic event shape {@code {"type", "data", "source"?, "idempotencyKey"?,
 * "orderingKey"?}}, naming bad fields.
 */
public final class EventRequests {
  /** Limits of the generic event shape, for REST (the request record) and JMS alike. */
  public static final int MAX_TYPE = 200;

  public static final int MAX_IDEMPOTENCY_KEY = 255;
  public static final int MAX_SOURCE_CHARS = 4000;

  private EventRequests() {}

  public static IncomingEvent read(JsonValue raw, String prefix, Validation v) {
    if (!(raw instanceof JsonObject o)) {
      v.add(prefix.isEmpty() ? "body" : prefix, "must be a JSON object");
      return null;
    }
    String p = prefix.isEmpty() ? "" : prefix + ".";
    String type = string(o, "type", p, v, true, MAX_TYPE);
    JsonValue data = o.get("data");
    if (data == null || data == JsonValue.NULL) {
      v.add(p + "data", "is required");
    }
    JsonValue source = o.get("source");
    if (source != null && source != JsonValue.NULL && !(source instanceof JsonObject)) {
      v.add(p + "source", "must be an object");
    }
    checkSource(source, p + "source", v);
    String key = string(o, "idempotencyKey", p, v, false, MAX_IDEMPOTENCY_KEY);
    String orderingKey = string(o, "orderingKey", p, v, false, IncomingEvent.MAX_ORDERING_KEY);
    if (data == null || data == JsonValue.NULL || type == null) {
      return null;
    }
    return IncomingEvent.routed(
            type, data.toString(), source instanceof JsonObject ? source.toString() : null, key)
        .withOrderingKey(orderingKey);
  }

  /** A source's size limit, which no annotation can state. */
  public static void checkSource(JsonValue source, String field, Validation v) {
    if (source != null && source.toString().length() > MAX_SOURCE_CHARS) {
      v.add(field, "must be at most " + MAX_SOURCE_CHARS + " characters of JSON");
    }
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
    if (text.indexOf('\u0000') >= 0) {
      // It becomes a column; PostgreSQL's text types cannot hold U+0000.
      v.add(p + name, "must not contain the NUL character (U+0000)");
      return null;
    }
    return text;
  }
}
