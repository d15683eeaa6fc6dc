package dev.webhooks.spi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The HTTP request a style builds for one attempt: exactly these bytes are signed and sent. */
public final class OutgoingRequest {
  private static final Set<String> ALWAYS_SENSITIVE =
      Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

  private String method = "POST";
  private final String url;
  private final byte[] body;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Set<String> sensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  public OutgoingRequest(String url, byte[] body) {
    this.url = url;
    this.body = body;
  }

  public OutgoingRequest method(String method) {
    this.method = method;
    return this;
  }

  /** Sets a header, replacing one of the same name in any case (HTTP names ignore case). */
  public OutgoingRequest header(String name, String value) {
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    sensitive.removeIf(k -> k.equalsIgnoreCase(name) && !k.equals(name));
    headers.put(name, value);
    return this;
  }

  /** A header whose value is a secret: sent as is, masked in the attempt log. */
  public OutgoingRequest secretHeader(String name, String value) {
    sensitive.add(name);
    return header(name, value);
  }

  /**
   * Adds user-configured headers, treating the ones that look like credentials as secret. A name
   * {@link HeaderRules} reserves is left out (it is refused at save; this holds for configurations
   * stored before the rule).
   */
  public OutgoingRequest userHeaders(Map<String, String> extra) {
    if (extra != null) {
      extra.forEach(
          (k, v) -> {
            if (HeaderRules.refusal(k).isPresent()) {
              return;
            }
            if (looksSensitive(k)) {
              secretHeader(k, v);
            } else {
              header(k, v);
            }
          });
    }
    return this;
  }

  public static boolean looksSensitive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ALWAYS_SENSITIVE.contains(n)
        || n.contains("token")
        || n.contains("secret")
        || n.contains("key")
        || n.contains("auth")
        || n.contains("password")
        || n.contains("signature") && !n.startsWith("webhook-") && !n.startsWith("x-truto");
  }

  public String method() {
    return method;
  }

  public String url() {
    return url;
  }

  public byte[] body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The headers as they may be shown or stored: secret values replaced by a mask. */
  public Map<String, String> maskedHeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach(
        (k, v) ->
            out.put(
                k,
                sensitive.contains(k) || ALWAYS_SENSITIVE.contains(k.toLowerCase(Locale.ROOT))
                    ? mask(v)
                    : v));
    return out;
  }

  public static String mask(String value) {
    if (value == null) {
      return null;
    }
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return "Bearer ****";
    }
    return "****";
  }
}
