package dev.webhooks.styles.intuned;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * A Job as defined: its payload of API calls, the defaults for them, the sink and the schedule
 * (intervals). The API has checked its shape; {@link #check} adds what needs the project, and the
 * definition is stored as JSON text ({@link #toJson}, read back by {@link #stored}).
 */
public record JobDefinition(
    String id,
    List<Call> payload,
    Configuration configuration,
    Sink sink,
    List<Duration> schedule) {
  static final int DEFAULT_MAX_CONCURRENT = 10;

  public JobDefinition {
    payload = payload == null ? List.of() : List.copyOf(payload);
    schedule = schedule == null ? null : List.copyOf(schedule);
  }

  /** One API call of the payload; null values take the configuration's. */
  public record Call(
      String apiName, JsonObject parameters, Integer maximumAttempts, Integer requestTimeout) {}

  /** Defaults for every call of a Job run, and how many run at once. */
  public record Configuration(
      Integer maximumAttempts, Integer maxConcurrentRequests, Integer requestTimeout) {}

  public JobDefinition withId(String newId) {
    return new JobDefinition(newId, payload, configuration, sink, schedule);
  }

  /** Calls in one Job's payload at most. */
  public static final int MAX_CALLS = 100;

  /** Schedule intervals of one Job at most (each is a persistent timer). */
  public static final int MAX_INTERVALS = 10;

  /**
   * What the shape cannot say: every call names an API of the project, at most {@link #MAX_CALLS}
   * calls, at most {@link #MAX_INTERVALS} intervals, each at least {@code minInterval}
   * (WEBHOOKS_INTUNED_MIN_INTERVAL).
   */
  public void check(Set<String> apis, Duration minInterval, Validation v) {
    if (payload.size() > MAX_CALLS) {
      v.add("payload", "at most " + MAX_CALLS + " calls in a Job");
    }
    if (schedule != null && schedule.size() > MAX_INTERVALS) {
      v.add("schedule.intervals", "at most " + MAX_INTERVALS + " intervals in a Job");
    }
    for (int i = 0; i < payload.size(); i++) {
      String api = payload.get(i).apiName();
      if (api != null && !apis.contains(api)) {
        v.add("payload[" + i + "].apiName", "is not an API of this project");
      }
    }
    if (schedule != null) {
      for (int i = 0; i < schedule.size(); i++) {
        if (!isInterval(schedule.get(i)) || schedule.get(i).compareTo(minInterval) < 0) {
          v.add(
              "schedule.intervals[" + i + "].every",
              "must be an ISO-8601 duration of at least "
                  + minInterval.toSeconds()
                  + " seconds (WEBHOOKS_INTUNED_MIN_INTERVAL)");
        }
      }
    }
  }

  static boolean isInterval(Duration d) {
    return d != null && d.getSeconds() >= 1;
  }

  /** The intervals a schedule fires at (none without a schedule). */
  List<Duration> intervals() {
    return schedule == null
        ? List.of()
        : schedule.stream().filter(JobDefinition::isInterval).toList();
  }

  int defaultAttempts() {
    return configuration == null || configuration.maximumAttempts() == null
        ? 1
        : configuration.maximumAttempts();
  }

  int defaultRequestTimeout() {
    return configuration == null || configuration.requestTimeout() == null
        ? IntunedRuns.DEFAULT_REQUEST_TIMEOUT
        : configuration.requestTimeout();
  }

  int maxConcurrentRequests() {
    return configuration == null || configuration.maxConcurrentRequests() == null
        ? DEFAULT_MAX_CONCURRENT
        : configuration.maxConcurrentRequests();
  }

  /** The same definition with its sink's header values replaced by {@code f(name, value)}. */
  public JobDefinition mapSinkHeaders(BinaryOperator<String> f) {
    return sink == null
        ? this
        : new JobDefinition(id, payload, configuration, sink.mapHeaders(f), schedule);
  }

  /** The definition as stored and shown: the fields given, in Intuned's shape. */
  public JsonObject toJson() {
    JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
    if (id != null) {
      b.add("id", id);
    }
    JsonArrayBuilder calls = Jsonp.PROVIDER.createArrayBuilder();
    for (Call c : payload) {
      JsonObjectBuilder o = Jsonp.PROVIDER.createObjectBuilder();
      if (c.apiName() != null) {
        o.add("apiName", c.apiName());
      }
      if (c.parameters() != null) {
        o.add("parameters", c.parameters());
      }
      if (c.maximumAttempts() != null) {
        o.add("retry", retry(c.maximumAttempts()));
      }
      if (c.requestTimeout() != null) {
        o.add("requestTimeout", c.requestTimeout());
      }
      calls.add(o);
    }
    b.add("payload", calls);
    if (configuration != null) {
      JsonObjectBuilder o = Jsonp.PROVIDER.createObjectBuilder();
      if (configuration.maximumAttempts() != null) {
        o.add("retry", retry(configuration.maximumAttempts()));
      }
      if (configuration.maxConcurrentRequests() != null) {
        o.add("maxConcurrentRequests", configuration.maxConcurrentRequests());
      }
      if (configuration.requestTimeout() != null) {
        o.add("requestTimeout", configuration.requestTimeout());
      }
      b.add("configuration", o);
    }
    if (sink != null) {
      b.add("sink", sink.asGiven());
    }
    if (schedule != null) {
      JsonArrayBuilder intervals = Jsonp.PROVIDER.createArrayBuilder();
      for (Duration d : schedule) {
        intervals.add(Jsonp.PROVIDER.createObjectBuilder().add("every", d.toString()));
      }
      b.add("schedule", Jsonp.PROVIDER.createObjectBuilder().add("intervals", intervals));
    }
    return b.build();
  }

  private static JsonObject retry(int attempts) {
    return Jsonp.PROVIDER.createObjectBuilder().add("maximumAttempts", attempts).build();
  }

  /** A definition stored by {@link #toJson} (or, before it, as submitted). */
  public static JobDefinition stored(String text) {
    JsonObject o = JsonText.parseObject(text);
    List<Call> calls = new ArrayList<>();
    if (o.get("payload") instanceof JsonArray a) {
      for (JsonValue x : a) {
        if (x instanceof JsonObject c) {
          calls.add(
              new Call(
                  c.getString("apiName", null),
                  c.get("parameters") instanceof JsonObject p ? p : null,
                  attempts(c.get("retry")),
                  integer(c.get("requestTimeout"))));
        }
      }
    }
    Configuration configuration = null;
    if (o.get("configuration") instanceof JsonObject c) {
      configuration =
          new Configuration(
              attempts(c.get("retry")),
              integer(c.get("maxConcurrentRequests")),
              integer(c.get("requestTimeout")));
    }
    List<Duration> schedule = null;
    if (o.get("schedule") instanceof JsonObject s) {
      schedule = new ArrayList<>();
      if (s.get("intervals") instanceof JsonArray a) {
        for (JsonValue x : a) {
          if (x instanceof JsonObject i && i.get("every") instanceof JsonString every) {
            try {
              schedule.add(Duration.parse(every.getString()));
            } catch (DateTimeParseException e) {
              // was refused when submitted; nothing to schedule
            }
          }
        }
      }
    }
    return new JobDefinition(
        o.getString("id", null), calls, configuration, Sink.stored(o.get("sink")), schedule);
  }

  private static Integer attempts(JsonValue retry) {
    return retry instanceof JsonObject r ? integer(r.get("maximumAttempts")) : null;
  }

  private static Integer integer(JsonValue v) {
    return v instanceof JsonNumber n ? n.intValue() : null;
  }

  /** The column: the definition as JSON, its sink's header values sealed. */
  @Converter
  public static class Column implements AttributeConverter<JobDefinition, String> {
    @Override
    public String convertToDatabaseColumn(JobDefinition value) {
      return value == null ? null : value.toJson().toString();
    }

    @Override
    public JobDefinition convertToEntityAttribute(String text) {
      return stored(text);
    }
  }
}
