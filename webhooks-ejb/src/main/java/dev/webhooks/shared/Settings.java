package dev.webhooks.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's settings, read through MicroProfile Config so each one can come from an
 * environment variable of the same name, server.env, or a server.xml variable.
 */
@ApplicationScoped
public class Settings {

  @Inject
  @ConfigProperty(name = "WEBHOOKS_API_KEY")
  Optional<String> bootstrapApiKey;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_ALLOW_LOOPBACK_TARGETS", defaultValue = "false")
  boolean allowLoopbackTargets;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_ALLOWED_TARGETS", defaultValue = " ")
  String allowedTargets;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RETRY_TIME_SCALE", defaultValue = "1")
  double retryTimeScale;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_DISABLE_AFTER", defaultValue = "P5D")
  String disableAfter;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RETENTION_DAYS", defaultValue = "30")
  int retentionDays;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_SECRET_KEY")
  Optional<String> secretKey;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_BREAKER_THRESHOLD", defaultValue = "10")
  int breakerThreshold;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_BREAKER_COOLDOWN", defaultValue = "PT30S")
  String breakerCooldown;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT", defaultValue = "128")
  int maxInFlightPerEndpoint;

  /** Requests in flight to one endpoint at most; more wait in the database for a free slot. */
  public int maxInFlightPerEndpoint() {
    return maxInFlightPerEndpoint > 0 ? maxInFlightPerEndpoint : 128;
  }

  /** Consecutive failures after which an endpoint's circuit breaker opens. */
  public int breakerThreshold() {
    return breakerThreshold > 0 ? breakerThreshold : 10;
  }

  /**
   * How long an open breaker keeps an endpoint from being attempted (not scaled: it protects the
   * receiver).
   */
  public Duration breakerCooldown() {
    try {
      return Duration.parse(breakerCooldown.trim());
    } catch (RuntimeException e) {
      return Duration.ofSeconds(30);
    }
  }

  public Optional<String> bootstrapApiKey() {
    return bootstrapApiKey.map(String::trim).filter(s -> !s.isEmpty());
  }

  public boolean allowLoopbackTargets() {
    return allowLoopbackTargets;
  }

  public String allowedTargets() {
    return allowedTargets == null ? "" : allowedTargets.trim();
  }

  /**
   * Factor applied to every retry delay and window; 0.01 makes them 100 times shorter (for tests).
   */
  public double retryTimeScale() {
    return retryTimeScale > 0 ? retryTimeScale : 1.0;
  }

  /** A duration of the retry/disable clock, shortened by the time scale. */
  public Duration scaled(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() * retryTimeScale()));
  }

  public Duration disableAfter() {
    try {
      return Duration.parse(disableAfter.trim());
    } catch (RuntimeException e) {
      return Duration.ofDays(5);
    }
  }

  public int retentionDays() {
    return retentionDays > 0 ? retentionDays : 30;
  }

  /** When the retention purge runs by default: every day at 03:17:00, server time. */
  public static final String DEFAULT_RETENTION_SCHEDULE = "0 17 3";

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RETENTION_SCHEDULE", defaultValue = DEFAULT_RETENTION_SCHEDULE)
  String retentionSchedule;

  /**
   * {@code WEBHOOKS_RETENTION_SCHEDULE}: the second, minute and hour fields of an EJB calendar
   * schedule ({@code "0 17 3"} daily at 03:17; {@code "0 0 *"} hourly), or the default if it is not
   * three such fields.
   */
  public String[] retentionSchedule() {
    String[] f = retentionSchedule == null ? new String[0] : retentionSchedule.trim().split("\\s+");
    if (f.length != 3 || !Arrays.stream(f).allMatch(x -> x.matches("[0-9*/,-]{1,60}"))) {
      return DEFAULT_RETENTION_SCHEDULE.split(" ");
    }
    return f;
  }

  @Inject
  @ConfigProperty(name = "WEBHOOKS_SECRET_KEY_PREVIOUS")
  Optional<String> previousSecretKey;

  /** The key being rotated out: still opens what it sealed, until everything is sealed again. */
  public Optional<String> previousSecretKey() {
    return previousSecretKey.map(String::trim).filter(s -> !s.isEmpty());
  }

  public Optional<String> secretKey() {
    return secretKey.map(String::trim).filter(s -> !s.isEmpty());
  }
}
