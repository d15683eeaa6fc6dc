package dev.webhooks.shared;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of request fields that report wrong types and missing fields by name, so every bad
 * input gets a 400 naming the field instead of a deserialisation error. A missing or null field
 * reads as null.
 */
public final class JsonFields {
  private final JsonObject o;
  private final String prefix;
  private final Validation v;

  private JsonFields(JsonObject o, String prefix, Validation v) {
    this.o = o;
    this.prefix = prefix.isEmpty() ? "" : prefix + ".";
    this.v = v;
  }

  /** Reads {@code body}, which must be a JSON object (else the error names {@code body}). */
  public static JsonFields of(JsonValue body, Validation v) {
    return of(body, "", v);
  }

  public static JsonFields of(JsonValue body, String prefix, Validation v) {
    if (body instanceof JsonObject obj) {
      return new JsonFields(obj, prefix, v);
    }
    v.add(prefix.isEmpty() ? "body" : prefix, "must be a JSON object");
    v.throwIfInvalid();
    return null;
  }

  public JsonObject raw() {
    return o;
  }

  public boolean has(String name) {
    return o.containsKey(name);
  }

  public boolean present(String name) {
    return o.containsKey(name) && o.get(name) != JsonValue.NULL;
  }

  public String name(String field) {
    return prefix + field;
  }

  public String string(String name, boolean required, int maxLength) {
    JsonValue val = o.get(name);
    if (val == null || val == JsonValue.NULL) {
      if (required) {
        v.add(prefix + name, "is required");
      }
      return null;
    }
    if (!(val instanceof JsonString s)) {
      v.add(prefix + name, "must be a string");
      return null;
    }
    if (s.getString().length() > maxLength) {
      v.add(prefix + name, "must be at most " + maxLength + " characters");
      return null;
    }
    return s.getString();
  }

  public Boolean bool(String name) {
    JsonValue val = o.get(name);
    if (val == null || val == JsonValue.NULL) {
      return null;
    }
    if (val == JsonValue.TRUE) {
      return true;
    }
    if (val == JsonValue.FALSE) {
      return false;
    }
    v.add(prefix + name, "must be true or false");
    return null;
  }

  public Integer integer(String name, int min, int max) {
    JsonValue val = o.get(name);
    if (val == null || val == JsonValue.NULL) {
      return null;
    }
    if (!(val instanceof JsonNumber n) || !n.isIntegral()) {
      v.add(prefix + name, "must be a whole number");
      return null;
    }
    long x = n.longValue();
    if (x < min || x > max) {
      v.add(prefix + name, "must be from " + min + " to " + max);
      return null;
    }
    return (int) x;
  }

  public JsonObject object(String name) {
    JsonValue val = o.get(name);
    if (val == null || val == JsonValue.NULL) {
      return null;
    }
    if (!(val instanceof JsonObject obj)) {
      v.add(prefix + name, "must be an object");
      return null;
    }
    return obj;
  }

  public JsonArray array(String name) {
    JsonValue val = o.get(name);
    if (val == null || val == JsonValue.NULL) {
      return null;
    }
    if (!(val instanceof JsonArray a)) {
      v.add(prefix + name, "must be an array");
      return null;
    }
    return a;
  }

  public List<String> strings(String name, int maxItems, int maxLength) {
    JsonArray a = array(name);
    if (a == null) {
      return null;
    }
    if (a.size() > maxItems) {
      v.add(prefix + name, "must have at most " + maxItems + " entries");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) instanceof JsonString s
          && !s.getString().isBlank()
          && s.getString().length() <= maxLength) {
        out.add(s.getString());
      } else {
        v.add(
            prefix + name + "[" + i + "]",
            "must be a non-empty string of at most " + maxLength + " characters");
      }
    }
    return out;
  }

  public Map<String, String> stringMap(String name, int maxEntries) {
    JsonObject m = object(name);
    if (m == null) {
      return null;
    }
    if (m.size() > maxEntries) {
      v.add(prefix + name, "must have at most " + maxEntries + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (k, val) -> {
          if (!k.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
            v.add(prefix + name + "." + k, "is not a valid header name");
          } else if (dev.webhooks.spi.HeaderRules.refusal(k).isPresent()) {
            v.add(prefix + name + "." + k, dev.webhooks.spi.HeaderRules.refusal(k).get());
          } else if (val instanceof JsonString s
              && s.getString().length() <= 4000
              && s.getString().chars().noneMatch(c -> c == '\r' || c == '\n')) {
            out.put(k, s.getString());
          } else {
            v.add(
                prefix + name + "." + k, "must be a single-line string of at most 4000 characters");
          }
        });
    return out;
  }
}
