package dev.webhooks.shared;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads JSON that a client or a JMS sender controls, within limits, for every API style alike:
 * nesting depth, number size, no duplicate keys at any depth, UTF-8 that decodes, and strings
 * without lone surrogates. A body outside them is refused with a 400 naming the place (for example
 * {@code data.items[3]}) and the limit, before any of it reaches the engine.
 *
 * <p>The tree is built from JSON-P's streaming parser with the depth counted on the way down: the
 * JSON-P reader builds nested values by recursion, and 5,000 nested arrays overflowed the stack of
 * the request thread (a 500 on every JSON operation).
 */
public final class StrictJson {
  /** The limits: nesting depth (64: a value inside 64 arrays or objects), digits and exponent. */
  public record Limits(int maxDepth, int maxDigits, int maxExponent) {
    public static final Limits DEFAULT = new Limits(64, 100, 1000);
  }

  private StrictJson() {}

  /** The value in {@code body}, or null when the body is empty (or only white space). */
  public static JsonValue read(byte[] body, Limits limits) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw refuse("body", "is not valid UTF-8");
    }
    return read(text, limits);
  }

  /** The value in {@code text}, or null when it is empty (or only white space). */
  public static JsonValue read(String text, Limits limits) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try (JsonParser p = Jsonp.PROVIDER.createParser(new StringReader(text))) {
      return new Builder(p, limits).build();
    } catch (JsonParsingException e) {
      throw refuse("body", "is not valid JSON: " + message(e));
    }
  }

  private static String message(JsonParsingException e) {
    JsonLocation at = e.getLocation();
    String m = e.getMessage() == null ? "unexpected input" : e.getMessage();
    if (m.length() > 200) {
      m = m.substring(0, 200) + "…";
    }
    return at == null
        ? m
        : m + " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")";
  }

  static ApiFailure refuse(String field, String message) {
    return new ApiFailure(
        400, "Invalid JSON", field + ": " + message, List.of(new FieldError(field, message)));
  }

  /** One open object or array. */
  private static final class Frame {
    final String path;
    final JsonObjectBuilder object;
    final JsonArrayBuilder array;
    final Set<String> keys;
    String key;
    int index;

    Frame(String path, boolean isObject) {
      this.path = path;
      this.object = isObject ? Jsonp.PROVIDER.createObjectBuilder() : null;
      this.array = isObject ? null : Jsonp.PROVIDER.createArrayBuilder();
      this.keys = isObject ? new HashSet<>() : null;
    }

    /** Where the next value goes. */
    String childPath() {
      if (object != null) {
        return path.isEmpty() ? key : path + "." + key;
      }
      return (path.isEmpty() ? "body" : path) + "[" + index + "]";
    }

    void add(JsonValue v) {
      if (object != null) {
        object.add(key, v);
      } else {
        array.add(v);
        index++;
      }
    }

    JsonValue build() {
      return object != null ? object.build() : array.build();
    }
  }

  private static final class Builder {
    private final JsonParser p;
    private final Limits limits;
    private final Deque<Frame> open = new ArrayDeque<>();

    Builder(JsonParser p, Limits limits) {
      this.p = p;
      this.limits = limits;
    }

    JsonValue build() {
      JsonValue done = null;
      while (done == null) {
        if (!p.hasNext()) {
          throw refuse("body", "is not valid JSON: it ends early");
        }
        JsonParser.Event e = p.next();
        Frame top = open.peek();
        String here = top == null ? "body" : top.childPath();
        JsonValue value = null;
        switch (e) {
          case START_OBJECT, START_ARRAY -> {
            if (open.size() >= limits.maxDepth()) {
              throw refuse(
                  here,
                  "is nested too deeply: at most " + limits.maxDepth() + " levels are allowed");
            }
            open.push(new Frame(top == null ? "" : here, e == JsonParser.Event.START_OBJECT));
          }
          case KEY_NAME -> {
            String key = p.getString();
            checkText(top.path.isEmpty() ? "body" : top.path, key, "a key");
            if (!top.keys.add(key)) {
              String where = top.path.isEmpty() ? key : top.path + "." + key;
              throw refuse(where, "appears more than once in its object");
            }
            top.key = key;
          }
          case END_OBJECT, END_ARRAY -> value = open.pop().build();
          case VALUE_STRING -> {
            String s = p.getString();
            checkText(here, s, "the string");
            value = Jsonp.PROVIDER.createValue(s);
          }
          case VALUE_NUMBER -> {
            checkNumber(here, p.getString());
            value = p.getValue();
          }
          case VALUE_TRUE -> value = JsonValue.TRUE;
          case VALUE_FALSE -> value = JsonValue.FALSE;
          case VALUE_NULL -> value = JsonValue.NULL;
        }
        if (value != null) {
          Frame parent = open.peek();
          if (parent == null) {
            done = value;
          } else {
            parent.add(value);
          }
        }
      }
      if (p.hasNext()) {
        throw refuse("body", "is not valid JSON: more follows the first value");
      }
      return done;
    }

    private void checkNumber(String where, String text) {
      int digits = 0;
      int i = 0;
      int n = text.length();
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (c == 'e' || c == 'E') {
          break;
        }
        if (c >= '0' && c <= '9') {
          digits++;
        }
      }
      if (digits > limits.maxDigits()) {
        throw refuse(where, "has more than " + limits.maxDigits() + " digits");
      }
      if (i < n) {
        String exp = text.substring(i + 1);
        String magnitude = exp.startsWith("-") || exp.startsWith("+") ? exp.substring(1) : exp;
        magnitude = magnitude.replaceFirst("^0+(?=\\d)", "");
        if (magnitude.length() > 6 || Integer.parseInt(magnitude) > limits.maxExponent()) {
          throw refuse(
              where,
              "has an exponent beyond "
                  + limits.maxExponent()
                  + " (or below -"
                  + limits.maxExponent()
                  + ")");
        }
      }
    }
  }

  /** Strings and keys must be whole Unicode text: a lone surrogate cannot be stored or sent. */
  private static void checkText(String where, String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw refuse(where, what + " holds a lone surrogate (\\u" + hex(c) + ")");
      }
      if (Character.isLowSurrogate(c)) {
        throw refuse(where, what + " holds a lone surrogate (\\u" + hex(c) + ")");
      }
    }
  }

  private static String hex(char c) {
    return String.format("%04x", (int) c);
  }
}
