package dev.webhooks.deliveries.control;

import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again. Either an explicit list of delays ({@code {"delays": [5,
 * 300]}}, seconds before the 2nd, 3rd, ... attempt) or an exponential schedule ({@code
 * initialDelay}, {@code multiplier}, {@code maxDelay}, {@code maxAttempts}, {@code maxWindow}).
 * Delays are in seconds of the policy's own clock; the planner applies jitter and the operator's
 * time scale.
 */
public record RetryPolicy(
    List<Double> delays,
    double initialDelay,
    double multiplier,
    double maxDelay,
    int maxAttempts,
    Double maxWindow,
    double jitter) {

  /**
   * The Standard Webhooks / Svix schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  public static final RetryPolicy STANDARD =
      ofDelays(List.of(5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0), 0.1);

  static final int MAX_ATTEMPTS_LIMIT = 100;
  static final double MAX_DELAY_SECONDS = 7 * 86400;

  public static RetryPolicy ofDelays(List<Double> delays, double jitter) {
    return new RetryPolicy(List.copyOf(delays), 0, 1, 0, delays.size() + 1, null, jitter);
  }

  public static RetryPolicy exponential(
      double initialDelay, double multiplier, double maxDelay, int maxAttempts, Double maxWindow) {
    return new RetryPolicy(null, initialDelay, multiplier, maxDelay, maxAttempts, maxWindow, 0);
  }

  /** No retries at all: one attempt decides (used for synchronous tests). */
  public static RetryPolicy once() {
    return ofDelays(List.of(), 0);
  }

  public boolean isDelayList() {
    return delays != null;
  }

  /**
   * The delay (policy seconds, before jitter and scaling) to wait after attempt {@code
   * attemptsMade} failed, or empty when the policy allows no further attempt.
   */
  public Optional<Double> delayAfter(int attemptsMade) {
    if (attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    if (isDelayList()) {
      return Optional.of(delays.get(attemptsMade - 1));
    }
    double d = initialDelay * Math.pow(multiplier, attemptsMade - 1);
    return Optional.of(Math.min(d, maxDelay));
  }

  /**
   * The longest time after the first attempt at which an attempt may still be made (policy
   * seconds). For a delay list it is the whole schedule including jitter; for an exponential
   * schedule {@code maxWindow} if given.
   */
  public double windowSeconds() {
    if (maxWindow != null) {
      return maxWindow;
    }
    double sum = 0;
    for (int n = 1; n < maxAttempts; n++) {
      sum += delayAfter(n).orElse(0.0);
    }
    return sum * (1 + jitter);
  }

  /**
   * When to make the next attempt after {@code attemptsMade} attempts, the last of which failed at
   * {@code now}; empty when the policy is exhausted or the next attempt would fall outside its
   * window. A receiver's {@code Retry-After} (policy seconds) replaces the planned delay but never
   * extends the window.
   *
   * @param random01 a random number in [0, 1) for jitter
   */
  public Optional<java.time.Instant> plan(
      int attemptsMade,
      java.time.Instant firstAttemptAt,
      java.time.Instant now,
      Optional<Double> retryAfterSeconds,
      double timeScale,
      double random01) {
    Optional<Double> base = delayAfter(attemptsMade);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    double seconds = retryAfterSeconds.orElse(base.get() * (1 + jitter * random01));
    java.time.Instant at = now.plusMillis((long) (seconds * 1000 * timeScale));
    java.time.Instant deadline = firstAttemptAt.plus(window(timeScale));
    if (at.isAfter(deadline) && (retryAfterSeconds.isPresent() || maxWindow != null)) {
      return Optional.empty();
    }
    return Optional.of(at);
  }

  public Duration window(double timeScale) {
    return Duration.ofMillis((long) (windowSeconds() * 1000 * timeScale));
  }

  public JsonObject toJson() {
    var b = Jsonp.PROVIDER.createObjectBuilder();
    if (isDelayList()) {
      var arr = Jsonp.PROVIDER.createArrayBuilder();
      delays.forEach(arr::add);
      b.add("delays", arr);
    } else {
      b.add("initialDelay", initialDelay)
          .add("multiplier", multiplier)
          .add("maxDelay", maxDelay)
          .add("maxAttempts", maxAttempts);
      if (maxWindow != null) {
        b.add("maxWindow", maxWindow);
      }
    }
    if (jitter > 0) {
      b.add("jitter", jitter);
    }
    return b.build();
  }

  /** Reads a stored policy; null or empty means the standard schedule. */
  public static RetryPolicy fromStored(JsonValue stored) {
    if (!(stored instanceof JsonObject o) || o.isEmpty()) {
      return STANDARD;
    }
    Validation v = new Validation();
    RetryPolicy p = fromRequest(o, "retryPolicy", v);
    return v.ok() ? p : STANDARD;
  }

  /** Checks and reads a policy sent by a client, reporting problems under {@code field}. */
  public static RetryPolicy fromRequest(JsonObject o, String field, Validation v) {
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
        return STANDARD;
      }
      if (arr.size() > MAX_ATTEMPTS_LIMIT - 1) {
        v.add(field + ".delays", "must have at most " + (MAX_ATTEMPTS_LIMIT - 1) + " entries");
      }
      List<Double> delays = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i) instanceof JsonNumber n
            && n.doubleValue() >= 0
            && n.doubleValue() <= MAX_DELAY_SECONDS) {
          delays.add(n.doubleValue());
        } else {
          v.add(field + ".delays[" + i + "]", "must be a number of seconds from 0 to 604800");
        }
      }
      return ofDelays(delays, jitter);
    }
    double initial = number(o, "initialDelay", field, v).orElse(5.0);
    double multiplier = number(o, "multiplier", field, v).orElse(2.0);
    double maxDelay = number(o, "maxDelay", field, v).orElse(3600.0);
    double attempts = number(o, "maxAttempts", field, v).orElse(8.0);
    Optional<Double> window = number(o, "maxWindow", field, v);
    v.require(
        initial >= 0 && initial <= MAX_DELAY_SECONDS,
        field + ".initialDelay",
        "must be 0 to 604800");
    v.require(multiplier >= 1 && multiplier <= 10, field + ".multiplier", "must be 1 to 10");
    v.require(
        maxDelay >= initial && maxDelay <= MAX_DELAY_SECONDS,
        field + ".maxDelay",
        "must be at least initialDelay and at most 604800");
    v.require(
        attempts >= 1 && attempts <= MAX_ATTEMPTS_LIMIT && attempts == Math.rint(attempts),
        field + ".maxAttempts",
        "must be a whole number from 1 to " + MAX_ATTEMPTS_LIMIT);
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
}
