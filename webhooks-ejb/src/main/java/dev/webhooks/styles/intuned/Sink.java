package dev.webhooks.styles.intuned;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A Run's or Job's webhook sink as given (its shape already checked by the API): absent values are
 * null here and take Intuned's defaults when used (no headers, send failed runs too, every API, 3
 * retries, 5000 ms).
 */
public record Sink(
    String url,
    Map<String, String> headers,
    Boolean skipOnFail,
    List<String> apisToSend,
    Integer retry,
    Integer timeout) {
  static final int DEFAULT_RETRY = 3;
  static final int DEFAULT_TIMEOUT_MILLIS = 5000;

  public Sink {
    // Sorted: the normalized text keys the sink's subscription, so equal sinks must write alike.
    headers = headers == null ? null : Collections.unmodifiableMap(new TreeMap<>(headers));
    apisToSend = apisToSend == null ? null : List.copyOf(apisToSend);
  }

  public int effectiveRetry() {
    return retry == null ? DEFAULT_RETRY : retry;
  }

  public int effectiveTimeoutMillis() {
    return timeout == null ? DEFAULT_TIMEOUT_MILLIS : timeout;
  }

  /**
   * The same sink with every header value passed through {@code f}: sealed before it is stored
   * (header values are often credentials), opened before it is used, masked before it is shown.
   */
  public Sink mapHeaderValues(UnaryOperator<String> f) {
    return mapHeaders((name, value) -> f.apply(value));
  }

  /** The same sink with every header value replaced by {@code f(name, value)}. */
  public Sink mapHeaders(BinaryOperator<String> f) {
    if (headers == null) {
      return this;
    }
    Map<String, String> mapped = new TreeMap<>();
    headers.forEach((k, v) -> mapped.put(k, f.apply(k, v)));
    return new Sink(url, mapped, skipOnFail, apisToSend, retry, timeout);
  }

  /**
   * Checks the APIs the sink names against the project's, reporting under {@code field}: an empty
   * list would send nothing, and a name the project does not have never matches (omit the list to
   * send every API's results).
   */
  void checkApis(java.util.Set<String> projectApis, String field, Validation v) {
    if (apisToSend == null) {
      return;
    }
    if (apisToSend.isEmpty()) {
      v.add(
          field + ".apisToSend",
          "must name at least one API (leave it out to send the results of every API)");
      return;
    }
    List<String> unknown =
        apisToSend.stream().filter(a -> !projectApis.contains(a)).distinct().toList();
    if (!unknown.isEmpty()) {
      v.add(
          field + ".apisToSend",
          "names APIs the project does not have: "
              + String.join(", ", unknown)
              + " (its APIs: "
              + String.join(", ", new java.util.TreeSet<>(projectApis))
              + ")");
    }
  }

  /** Whether a finished run of {@code api} goes to this sink. */
  boolean wants(String api, boolean completed) {
    if (Boolean.TRUE.equals(skipOnFail) && !completed) {
      return false;
    }
    return apisToSend == null || apisToSend.contains(api);
  }

  /**
   * The sink with its defaults filled in, as a Run stores it; its text also keys the sink's
   * subscription, so the members keep this order.
   */
  JsonObject normalized() {
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("type", "webhook")
            .add("url", url == null ? "" : url)
            .add("skipOnFail", Boolean.TRUE.equals(skipOnFail))
            .add("retry", effectiveRetry())
            .add("timeout", effectiveTimeoutMillis());
    JsonObjectBuilder h = Jsonp.PROVIDER.createObjectBuilder();
    if (headers != null) {
      headers.forEach(h::add);
    }
    b.add("headers", h);
    if (apisToSend != null) {
      b.add("apisToSend", Jsonp.PROVIDER.createArrayBuilder(apisToSend));
    }
    return b.build();
  }

  /** The sink as given, as a Job's definition stores it: only the fields the client set. */
  JsonObject asGiven() {
    JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("type", "webhook");
    if (url != null) {
      b.add("url", url);
    }
    if (headers != null) {
      JsonObjectBuilder h = Jsonp.PROVIDER.createObjectBuilder();
      headers.forEach(h::add);
      b.add("headers", h);
    }
    if (skipOnFail != null) {
      b.add("skipOnFail", skipOnFail);
    }
    if (apisToSend != null) {
      b.add("apisToSend", Jsonp.PROVIDER.createArrayBuilder(apisToSend));
    }
    if (retry != null) {
      b.add("retry", retry);
    }
    if (timeout != null) {
      b.add("timeout", timeout);
    }
    return b.build();
  }

  /** A sink stored by {@link #normalized()} or {@link #asGiven()}, or as submitted earlier. */
  static Sink stored(JsonValue v) {
    if (!(v instanceof JsonObject o)) {
      return null;
    }
    Map<String, String> headers = null;
    if (o.get("headers") instanceof JsonObject h) {
      headers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : h.entrySet()) {
        if (e.getValue() instanceof JsonString s) {
          headers.put(e.getKey(), s.getString());
        }
      }
    }
    List<String> apis = null;
    if (o.get("apisToSend") instanceof JsonArray a) {
      apis = new ArrayList<>();
      for (JsonValue x : a) {
        if (x instanceof JsonString s) {
          apis.add(s.getString());
        }
      }
    }
    return new Sink(
        o.get("url") instanceof JsonString u ? u.getString() : null,
        headers,
        o.get("skipOnFail") == JsonValue.TRUE
            ? Boolean.TRUE
            : o.get("skipOnFail") == JsonValue.FALSE ? Boolean.FALSE : null,
        apis,
        o.get("retry") instanceof JsonNumber n ? n.intValue() : null,
        o.get("timeout") instanceof JsonNumber n ? n.intValue() : null);
  }

  static Sink stored(String text) {
    return text == null ? null : stored(JsonText.parse(text));
  }

  /** The column: a Run's sink as JSON, its header values sealed. */
  @Converter
  public static class Column implements AttributeConverter<Sink, String> {
    @Override
    public String convertToDatabaseColumn(Sink value) {
      return value == null ? null : value.normalized().toString();
    }

    @Override
    public Sink convertToEntityAttribute(String text) {
      return stored(text);
    }
  }
}
