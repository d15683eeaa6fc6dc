package dev.webhooks.styles.apono;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import dev.webhooks.shared.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders body templates with Handlebars. Inserted values are JSON-escaped (the template supplies
 * the quotes); {@code {{json x}}} writes any value as raw JSON; {@code {{#each}}} iterates.
 * Rendering works on plain Java maps and lists made from the event's JSON.
 */
public final class BodyTemplates {
  private static final Handlebars HANDLEBARS =
      new Handlebars()
          .with(BodyTemplates::jsonEscape)
          .registerHelper("json", (context, options) -> new Handlebars.SafeString(toJson(context)));

  private BodyTemplates() {}

  private static CharSequence jsonEscape(CharSequence value) {
    if (value == null) {
      return "";
    }
    String quoted = Jsonp.PROVIDER.createValue(value.toString()).toString();
    return quoted.substring(1, quoted.length() - 1);
  }

  /**
   * Renders the template against the event model (JSON text); fails with a message saying what went
   * wrong.
   */
  public static String render(String template, String modelJson) {
    try {
      Template t = HANDLEBARS.compileInline(template);
      return t.apply(toJava(parse(modelJson)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the template cannot be rendered: " + e.getMessage(), e);
    }
  }

  /** Why the rendered template is not valid JSON (with line and column), or empty if it is. */
  public static Optional<String> invalidJson(String template, String modelJson) {
    String out;
    try {
      out = render(template, modelJson);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    try (var r = Jsonp.PROVIDER.createReader(new StringReader(out))) {
      r.readValue();
      return Optional.empty();
    } catch (JsonParsingException e) {
      return Optional.of(
          "does not render valid JSON for the sample event: "
              + e.getMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNumber()
                      + ", column "
                      + e.getLocation().getColumnNumber()
                      + ")"));
    } catch (RuntimeException e) {
      return Optional.of("does not render valid JSON for the sample event: " + e.getMessage());
    }
  }

  static JsonValue parse(String json) {
    try (var r = Jsonp.PROVIDER.createReader(new StringReader(json))) {
      return r.readValue();
    }
  }

  /**
   * JSON-P values as the maps, lists, strings, numbers and booleans Handlebars resolves paths on.
   */
  static Object toJava(JsonValue v) {
    switch (v.getValueType()) {
      case OBJECT:
        Map<String, Object> m = new LinkedHashMap<>();
        ((JsonObject) v).forEach((k, x) -> m.put(k, toJava(x)));
        return m;
      case ARRAY:
        List<Object> l = new ArrayList<>();
        for (JsonValue x : (JsonArray) v) {
          l.add(toJava(x));
        }
        return l;
      case STRING:
        return ((JsonString) v).getString();
      case NUMBER:
        JsonNumber n = (JsonNumber) v;
        return n.isIntegral() ? (Object) n.longValue() : (Object) n.doubleValue();
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** Java values (as made by {@link #toJava}) back to JSON text. */
  static String toJson(Object o) {
    return fromJava(o).toString();
  }

  private static JsonValue fromJava(Object o) {
    if (o == null) {
      return JsonValue.NULL;
    }
    if (o instanceof Map<?, ?> m) {
      var b = Jsonp.PROVIDER.createObjectBuilder();
      m.forEach((k, x) -> b.add(String.valueOf(k), fromJava(x)));
      return b.build();
    }
    if (o instanceof List<?> l) {
      var b = Jsonp.PROVIDER.createArrayBuilder();
      l.forEach(x -> b.add(fromJava(x)));
      return b.build();
    }
    if (o instanceof Boolean bool) {
      return bool ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (o instanceof Long n) {
      return Jsonp.PROVIDER.createValue(n);
    }
    if (o instanceof Integer n) {
      return Jsonp.PROVIDER.createValue(n);
    }
    if (o instanceof Double n) {
      return Jsonp.PROVIDER.createValue(n);
    }
    return Jsonp.PROVIDER.createValue(String.valueOf(o));
  }
}
