package dev.webhooks.endpoints.entity;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.RetryPolicy;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A {@link RetryPolicy} as JSON: as a client sends it (checked field by field) and as it is stored.
 */
public final class RetryPolicies {
  private RetryPolicies() {}

  public static JsonObject toJson(RetryPolicy p) {
    var b = Jsonp.PROVIDER.createObjectBuilder();
    if (p.isDelayList()) {
      var arr = Jsonp.PROVIDER.createArrayBuilder();
      p.delays().forEach(arr::add);
      b.add("delays", arr);
    } else {
      b.add("initialDelay", p.initialDelay())
          .add("multiplier", p.multiplier())
          .add("maxDelay", p.maxDelay())
          .add("maxAttempts", p.maxAttempts());
      if (p.maxWindow() != null) {
        b.add("maxWindow", p.maxWindow());
      }
    }
    if (p.jitter() > 0) {
      b.add("jitter", p.jitter());
    }
    return b.build();
  }

  private static final Logger LOG = Logger.getLogger(RetryPolicies.class.getName());

  /** Reads a stored policy; null or empty means the standard schedule. */
  public static RetryPolicy fromStored(JsonValue stored) {
    if (!(stored instanceof JsonObject o) || o.isEmpty()) {
      return RetryPolicy.STANDARD;
    }
    Validation v = new Validation();
    // The engine's own limits, not a tenant request's: a style's built-in schedule (Intuned's sink:
    // 33 attempts) is stored too, and policies stored before the tenant limits keep working.
    RetryPolicy p = read(o, "retryPolicy", v, RetryPolicy.MAX_ATTEMPTS_LIMIT, 0);
    if (v.ok()) {
      return p;
    }
    // Stored by a version with other limits: it still delivers, on the standard schedule, and an
    // operator sees why.
    LOG.warning(
        "a stored retry policy no longer passes the checks and the standard schedule applies: "
            + v.errors());
    return RetryPolicy.STANDARD;
  }

  /**
   * Attempts a tenant's policy may make at most: every attempt is a request to a third party, so a
   * policy is a multiplier a tenant controls.
   */
  public static final int MAX_REQUESTED_ATTEMPTS = 20;

  /** Seconds between attempts of a tenant's policy at least (before the time scale applies). */
  public static final double MIN_REQUESTED_DELAY = 1.0;

  /** Checks and reads a policy sent by a client, reporting problems under {@code field}. */
  public static RetryPolicy fromRequest(JsonObject o, String field, Validation v) {
    return read(o, field, v, MAX_REQUESTED_ATTEMPTS, MIN_REQUESTED_DELAY);
  }

  private static RetryPolicy read(
      JsonObject o, String field, Validation v, int maxAttempts, double minDelay) {
    double jitter = number(o, "jitter", field, v).orElse(0.0);
    if (jitter < 0 || jitter > 0.5) {
      v.add(field + ".jitter", "must be between 0 and 0.5");
    }
    if (o.containsKey("delays")) {
      if (o.size() > (o.containsKey("jitter") ? 2 : 1)) {
        v.add(
            field, "give either delays or initialDelay/multiplier/maxDelay/maxAttempts/maxWindow");
      }
      JsonValue raw = o.get("delays");
      if (!(raw instanceof JsonArray arr)) {
        v.add(field + ".delays", "must be an array of seconds");
        return RetryPolicy.STANDARD;
      }
      if (arr.size() > maxAttempts - 1) {
        v.add(
            field + ".delays",
            "must have at most " + (maxAttempts - 1) + " entries (" + maxAttempts + " attempts)");
      }
      List<Double> delays = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i) instanceof JsonNumber n
            && n.doubleValue() >= minDelay
            && n.doubleValue() <= RetryPolicy.MAX_DELAY_SECONDS) {
          delays.add(n.doubleValue());
        } else {
          v.add(
              field + ".delays[" + i + "]",
              "must be a number of seconds from " + (int) minDelay + " to 604800");
        }
      }
      return RetryPolicy.ofDelays(delays, jitter);
    }
    double initial = number(o, "initialDelay", field, v).orElse(5.0);
    double multiplier = number(o, "multiplier", field, v).orElse(2.0);
    double maxDelay = number(o, "maxDelay", field, v).orElse(3600.0);
    double attempts = number(o, "maxAttempts", field, v).orElse(8.0);
    Optional<Double> window = number(o, "maxWindow", field, v);
    v.require(
        initial >= minDelay && initial <= RetryPolicy.MAX_DELAY_SECONDS,
        field + ".initialDelay",
        "must be " + (int) minDelay + " to 604800");
    v.require(multiplier >= 1 && multiplier <= 10, field + ".multiplier", "must be 1 to 10");
    v.require(
        maxDelay >= initial && maxDelay <= RetryPolicy.MAX_DELAY_SECONDS,
        field + ".maxDelay",
        "must be at least initialDelay and at most 604800");
    v.require(
        attempts >= 1 && attempts <= maxAttempts && attempts == Math.rint(attempts),
        field + ".maxAttempts",
        "must be a whole number from 1 to " + maxAttempts);
    window.ifPresent(
        w ->
            v.require(
                w > 0 && w <= 30 * 86400, field + ".maxWindow", "must be 1 to 2592000 seconds"));
    return new RetryPolicy(
        null, initial, multiplier, maxDelay, (int) attempts, window.orElse(null), jitter);
  }

  private static Optional<Double> number(JsonObject o, String key, String field, Validation v) {
    JsonValue val = o.get(key);
    if (val == null || val == JsonValue.NULL) {
      return Optional.empty();
    }
    if (val instanceof JsonNumber n) {
      return Optional.of(n.doubleValue());
    }
    v.add(field + "." + key, "must be a number");
    return Optional.empty();
  }

  /** The column: the policy's JSON; no value (or an unreadable one) is the standard schedule. */
  @Converter
  public static class Column implements AttributeConverter<RetryPolicy, String> {
    @Override
    public String convertToDatabaseColumn(RetryPolicy policy) {
      return policy == null ? null : toJson(policy).toString();
    }

    @Override
    public RetryPolicy convertToEntityAttribute(String json) {
      return fromStored(JsonText.parse(json));
    }
  }
}
