package dev.webhooks.styles.intuned;

import dev.webhooks.shared.JsonFields;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;

/**
 * Checks of Intuned request bodies (sinks, runs, jobs) that name every bad field, and the id
 * formats.
 */
public final class IntunedRequests {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NANOID_ALPHABET =
      "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private IntunedRequests() {}

  /** A 21-character id from nanoid's URL-safe alphabet. */
  public static String nanoid() {
    StringBuilder b = new StringBuilder(21);
    for (int i = 0; i < 21; i++) {
      b.append(NANOID_ALPHABET.charAt(RANDOM.nextInt(64)));
    }
    return b.toString();
  }

  /** A checked sink with its defaults filled in, or null when none was given. */
  public static JsonObject sink(JsonObject sink, String field, Validation v) {
    if (sink == null) {
      return null;
    }
    JsonFields f = JsonFields.of(sink, field, v);
    String type = f.string("type", true, 20);
    if (type != null && !type.equals("webhook")) {
      v.add(field + ".type", "must be \"webhook\"");
    }
    String url = f.string("url", true, 2048);
    var headers = f.stringMap("headers", 50);
    Boolean skipOnFail = f.bool("skipOnFail");
    var apis = f.strings("apisToSend", 200, 200);
    Integer retry = f.integer("retry", 0, 32);
    Integer timeout = f.integer("timeout", 100, 600_000);
    var b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("type", "webhook")
            .add("url", url == null ? "" : url)
            .add("skipOnFail", skipOnFail != null && skipOnFail)
            .add("retry", retry == null ? 3 : retry)
            .add("timeout", timeout == null ? 5000 : timeout);
    var h = Jsonp.PROVIDER.createObjectBuilder();
    if (headers != null) {
      headers.forEach(h::add);
    }
    b.add("headers", h);
    if (apis != null) {
      b.add("apisToSend", Jsonp.PROVIDER.createArrayBuilder(apis));
    }
    return b.build();
  }

  /** retry.maximumAttempts (1-20), or the default. */
  static int maxAttempts(JsonObject retry, String field, Validation v, int dflt) {
    if (retry == null) {
      return dflt;
    }
    Integer n = JsonFields.of(retry, field, v).integer("maximumAttempts", 1, 20);
    return n == null ? dflt : n;
  }

  /** Checks a job definition against the project's APIs; returns it normalised. */
  public static JsonObject job(JsonValue body, Set<String> apis, boolean requireId, Validation v) {
    JsonFields f = JsonFields.of(body, v);
    String id = f.string("id", requireId, 200);
    if (id != null && !id.matches("[a-zA-Z0-9_-]{7,200}")) {
      v.add("id", "must be at least 7 characters of letters, digits, '_' and '-'");
    }
    JsonArray payload = f.array("payload");
    if (payload == null || payload.isEmpty()) {
      v.add("payload", "must be a non-empty array of {apiName, parameters}");
    } else {
      for (int i = 0; i < payload.size(); i++) {
        JsonFields p = JsonFields.of(payload.get(i), "payload[" + i + "]", v);
        String api = p.string("apiName", true, 200);
        if (api != null && !apis.contains(api)) {
          v.add("payload[" + i + "].apiName", "is not an API of this project");
        }
        p.object("parameters");
        maxAttempts(p.object("retry"), "payload[" + i + "].retry", v, 1);
        p.integer("requestTimeout", 1, 3600);
      }
    }
    JsonObject config = f.object("configuration");
    if (config != null) {
      JsonFields c = JsonFields.of(config, "configuration", v);
      maxAttempts(c.object("retry"), "configuration.retry", v, 1);
      c.integer("maxConcurrentRequests", 1, 100);
      c.integer("requestTimeout", 1, 3600);
    }
    sink(f.object("sink"), "sink", v);
    JsonObject schedule = f.object("schedule");
    if (schedule != null) {
      JsonArray intervals = JsonFields.of(schedule, "schedule", v).array("intervals");
      if (intervals == null || intervals.isEmpty()) {
        v.add("schedule.intervals", "must be a non-empty array of {\"every\": ISO-8601 duration}");
      } else {
        for (int i = 0; i < intervals.size(); i++) {
          String every =
              JsonFields.of(intervals.get(i), "schedule.intervals[" + i + "]", v)
                  .string("every", true, 50);
          if (every != null && interval(every) == null) {
            v.add(
                "schedule.intervals[" + i + "].every",
                "must be an ISO-8601 duration of at least 1 second");
          }
        }
      }
    }
    return body instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
  }

  static Duration interval(String every) {
    try {
      Duration d = Duration.parse(every);
      return d.getSeconds() >= 1 ? d : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
