package bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for a harness with no dependencies: quoting for the few fixed payloads we write
 * by hand, and a small strict parser for the server's replies (objects become maps, arrays lists,
 * numbers doubles).
 */
final class Json {
  private Json() {}

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A JSON array of strings. */
  static String stringArray(List<String> items) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      b.append(i == 0 ? "" : ",").append(quote(items.get(i)));
    }
    return b.append(']').toString();
  }

  static Object parse(String text) {
    Parser p = new Parser(text);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  // ---- reading parsed values without casts all over the scenarios ----

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object v) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("expected a JSON object, got " + describe(v));
  }

  @SuppressWarnings("unchecked")
  static List<Object> array(Object v) {
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalArgumentException("expected a JSON array, got " + describe(v));
  }

  /** A field as text: strings as they are, numbers without a trailing ".0" (ids may be either). */
  static String text(Map<String, Object> o, String field) {
    return asText(o.get(field));
  }

  static String asText(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return v.toString();
  }

  static double number(Map<String, Object> o, String field, double fallback) {
    return o.get(field) instanceof Number n ? n.doubleValue() : fallback;
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    Object value() {
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++; // {
      skipSpace();
      if (peek('}')) {
        pos++;
        return m;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        m.put(key, value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else {
          expect('}');
          return m;
        }
      }
    }

    List<Object> array() {
      List<Object> l = new ArrayList<>();
      pos++; // [
      skipSpace();
      if (peek(']')) {
        pos++;
        return l;
      }
      while (true) {
        l.add(value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else {
          expect(']');
          return l;
        }
      }
    }

    String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> b.append(e); // \" \\ \/
        }
      }
      throw error("unterminated string");
    }

    Object number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String t = s.substring(start, pos);
      if (t.isEmpty()) {
        throw error("unexpected character '" + s.charAt(pos) + "'");
      }
      return Double.valueOf(t);
    }

    Object literal(String word, Object v) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return v;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean peek(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("bad JSON at " + pos + ": " + what);
    }
  }
}
