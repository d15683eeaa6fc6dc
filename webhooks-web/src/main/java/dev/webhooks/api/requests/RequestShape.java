package dev.webhooks.api.requests;

import dev.webhooks.shared.FieldError;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JSON value against the Java type it is about to be bound to, before JSON-B sees it:
 * every key of an object must be a component of its record (unknown fields are refused, one rule
 * for every style), and every value must have the JSON type of its component. JSON-B alone would
 * convert silently ({@code 1.5} to {@code 1}, {@code "5"} to {@code 5}, 3,000,000,000 to a negative
 * int) or fail with a message that names no field. Nulls pass: whether a field is required is
 * Jakarta Validation's to say.
 */
public final class RequestShape {
  private RequestShape() {}

  /**
   * Strings bound to a record end up in columns, and PostgreSQL's text types cannot hold U+0000
   * (Derby can, so the two databases would disagree). JSON values kept whole ({@code data}) may.
   */
  public static final String NUL = "must not contain the NUL character (U+0000)";

  /** The problems of {@code value} as a {@code type}, each naming its place. */
  public static List<FieldError> check(JsonValue value, Type type) {
    List<FieldError> errors = new ArrayList<>();
    check(value, type, "", errors);
    return errors;
  }

  /** A record's components by their JSON names, in declaration order. */
  public static Map<String, RecordComponent> fields(Class<?> record) {
    return FIELDS.computeIfAbsent(record, RequestShape::read);
  }

  private static final Map<Class<?>, Map<String, RecordComponent>> FIELDS =
      new ConcurrentHashMap<>();

  private static Map<String, RecordComponent> read(Class<?> record) {
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      byName.put(jsonName(c), c);
    }
    return byName;
  }

  /** The component's name in JSON: its {@code @JsonbProperty}, or its own name. */
  public static String jsonName(RecordComponent c) {
    JsonbProperty p = c.getAccessor().getAnnotation(JsonbProperty.class);
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  private static String at(String path) {
    return path.isEmpty() ? "body" : path;
  }

  private static void check(JsonValue v, Type type, String path, List<FieldError> errors) {
    Class<?> c = raw(type);
    if (JsonValue.class.isAssignableFrom(c)) {
      if (c == JsonObject.class && v != JsonValue.NULL && !(v instanceof JsonObject)) {
        errors.add(new FieldError(at(path), "must be a JSON object"));
      } else if (c == JsonArray.class && v != JsonValue.NULL && !(v instanceof JsonArray)) {
        errors.add(new FieldError(at(path), "must be a JSON array"));
      }
      return;
    }
    if (v == null || v == JsonValue.NULL) {
      return;
    }
    if (c == String.class) {
      if (!(v instanceof JsonString s)) {
        errors.add(new FieldError(at(path), "must be a string"));
      } else if (s.getString().indexOf('\u0000') >= 0) {
        errors.add(new FieldError(at(path), NUL));
      }
    } else if (c == Integer.class || c == int.class) {
      whole(v, path, Integer.MIN_VALUE, Integer.MAX_VALUE, errors);
    } else if (c == Long.class || c == long.class) {
      whole(v, path, Long.MIN_VALUE, Long.MAX_VALUE, errors);
    } else if (c == Double.class
        || c == double.class
        || c == BigDecimal.class
        || c == Float.class
        || c == float.class) {
      expect(v instanceof JsonNumber, path, "must be a number", errors);
    } else if (c == Boolean.class || c == boolean.class) {
      expect(v == JsonValue.TRUE || v == JsonValue.FALSE, path, "must be true or false", errors);
    } else if (c.isEnum()) {
      enumeration(v, c, path, errors);
    } else if (c == Instant.class || c == OffsetDateTime.class) {
      dateTime(v, path, errors);
    } else if (c == Duration.class) {
      duration(v, path, errors);
    } else if (Collection.class.isAssignableFrom(c)) {
      if (!(v instanceof JsonArray a)) {
        errors.add(new FieldError(at(path), "must be an array"));
        return;
      }
      Type element = argument(type, 0);
      for (int i = 0; i < a.size(); i++) {
        check(a.get(i), element, at(path) + "[" + i + "]", errors);
      }
    } else if (Map.class.isAssignableFrom(c)) {
      if (!(v instanceof JsonObject o)) {
        errors.add(new FieldError(at(path), "must be an object"));
        return;
      }
      Type value = argument(type, 1);
      o.forEach(
          (k, x) -> {
            String where = path.isEmpty() ? k : path + "." + k;
            if (k.indexOf('\u0000') >= 0) {
              errors.add(new FieldError(at(path), "keys " + NUL));
            } else {
              check(x, value, where, errors);
            }
          });
    } else if (c.isRecord()) {
      if (!(v instanceof JsonObject o)) {
        errors.add(new FieldError(at(path), "must be an object"));
        return;
      }
      Map<String, RecordComponent> fields = fields(c);
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        String where = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        RecordComponent rc = fields.get(e.getKey());
        if (rc == null) {
          errors.add(
              new FieldError(
                  where, "is not a field of this request; the fields are " + fields.keySet()));
        } else {
          check(e.getValue(), rc.getGenericType(), where, errors);
        }
      }
    }
  }

  private static void expect(boolean ok, String path, String message, List<FieldError> errors) {
    if (!ok) {
      errors.add(new FieldError(at(path), message));
    }
  }

  private static void whole(JsonValue v, String path, long min, long max, List<FieldError> errors) {
    if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
      errors.add(new FieldError(at(path), "must be a whole number"));
      return;
    }
    BigDecimal d = n.bigDecimalValue();
    if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      errors.add(new FieldError(at(path), "must be between " + min + " and " + max));
    }
  }

  private static void enumeration(JsonValue v, Class<?> c, String path, List<FieldError> errors) {
    List<String> names =
        Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
    if (!(v instanceof JsonString s) || !names.contains(s.getString())) {
      errors.add(new FieldError(at(path), "must be one of " + names));
    }
  }

  private static void dateTime(JsonValue v, String path, List<FieldError> errors) {
    try {
      OffsetDateTime.parse(((JsonString) v).getString());
    } catch (ClassCastException | DateTimeParseException e) {
      errors.add(
          new FieldError(at(path), "must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00Z"));
    }
  }

  private static void duration(JsonValue v, String path, List<FieldError> errors) {
    try {
      Duration.parse(((JsonString) v).getString());
    } catch (ClassCastException | DateTimeParseException e) {
      errors.add(new FieldError(at(path), "must be an ISO-8601 duration, e.g. PT15M"));
    }
  }

  /** The record class a type names, or null. */
  public static Class<?> fieldsOwner(Type type) {
    Class<?> c = type == null ? null : raw(type);
    return c != null && c.isRecord() ? c : null;
  }

  static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type argument(Type type, int i) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
      return p.getActualTypeArguments()[i];
    }
    return Object.class;
  }
}
