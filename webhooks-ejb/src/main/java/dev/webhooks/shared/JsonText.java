package dev.webhooks.shared;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small JSON-P conveniences for values stored as text columns. */
public final class JsonText {
  private JsonText() {}

  public static JsonValue parse(String text) {
    if (text == null || text.isBlank()) {
      return JsonValue.NULL;
    }
    try (JsonReader r = Jsonp.PROVIDER.createReader(new StringReader(text))) {
      return r.readValue();
    }
  }

  public static JsonObject parseObject(String text) {
    JsonValue v = parse(text);
    return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
  }

  /** Parses text that must be JSON, or fails naming the field. */
  /**
   * Reads JSON a client sent (a JMS message body) under the same limits as every REST body; an
   * empty text is refused as {@code field}.
   */
  public static JsonValue parseOrFail(String text, String field) {
    JsonValue v = StrictJson.read(text, StrictJson.Limits.DEFAULT);
    if (v == null) {
      throw ApiFailure.invalid(field, "is empty");
    }
    return v;
  }

  public static String write(JsonValue v) {
    return v == null ? null : v.toString();
  }

  public static String write(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    var b = Jsonp.PROVIDER.createObjectBuilder();
    map.forEach(b::add);
    return b.build().toString();
  }

  public static Map<String, String> stringMap(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonValue v = parse(text);
    if (v instanceof JsonObject o) {
      o.forEach(
          (k, val) ->
              out.put(
                  k,
                  val.getValueType() == JsonValue.ValueType.STRING
                      ? ((JsonString) val).getString()
                      : val.toString()));
    }
    return out;
  }
}
