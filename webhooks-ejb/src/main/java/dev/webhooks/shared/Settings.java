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

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RESPONSE_MAX_HEADERS", defaultValue = "50")
  int responseMaxHeaders;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RESPONSE_MAX_HEADER_LINE", defaultValue = "4096")
  int responseMaxHeaderLine;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RESPONSE_MAX_HEADER_BYTES", defaultValue = "16384")
  int responseMaxHeaderBytes;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_RESPONSE_MAX_BODY_BYTES", defaultValue = "65536")
  int responseMaxBodyBytes;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_TEMPLATE_MAX_OUTPUT", defaultValue = "2097152")
  int templateMaxOutput;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_TEMPLATE_MAX_MILLIS", defaultValue = "200")
  int templateMaxMillis;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT", defaultValue = "512")
  int maxInFlightPerTenant;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MAX_ENDPOINTS_PER_TENANT", defaultValue = "1000")
  int maxEndpointsPerTenant;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MAX_DELIVERIES_PER_REQUEST", defaultValue = "10000")
  int maxDeliveriesPerRequest;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_INTUNED_MIN_INTERVAL", defaultValue = "PT60S")
  String intunedMinInterval;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_INTUNED_OVERLAPPING_RUNS", defaultValue = "false")
  boolean intunedOverlappingRuns;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MAX_REQUEST_TIMEOUT", defaultValue = "PT60S")
  String maxRequestTimeout;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MAX_API_RUN_TIMEOUT", defaultValue = "PT1H")
  String maxApiRunTimeout;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_DB", defaultValue = "derby")
  String database;

  // Optional: server.xml declares it with an empty default, which MicroProfile Config reads as
  // missing.
  @Inject
  @ConfigProperty(name = "WEBHOOKS_DB_URL")
  Optional<String> databaseUrl;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_SERVER_ID", defaultValue = " ")
  String serverId;

  @Inject
  @ConfigProperty(name = "HTTP_PORT", defaultValue = "9080")
  String httpPort;

  @Inject
  @ConfigProperty(name = "WEBHOOKS_MEMBER_LEASE", defaultValue = "PT10S")
  String memberLease;

  /**
   * The database configuration the server was started with: {@code derby} or {@code postgresql}.
   */
  public String database() {
    return database.trim();
  }

  /** Whether the database is PostgreSQL (else embedded Derby). */
  public boolean postgresql() {
    return "postgresql".equalsIgnoreCase(database());
  }

  /** {@code WEBHOOKS_DB_URL}, empty for embedded Derby. */
  public String databaseUrl() {
    return databaseUrl.map(String::trim).orElse("");
  }

  /**
   * This server's name in a cluster: {@code WEBHOOKS_SERVER_ID}, or the host name and HTTP port.
   */
  public String serverId() {
    String configured = serverId.trim();
    if (!configured.isEmpty()) {
      return configured.length() > 200 ? configured.substring(0, 200) : configured;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return host + ":" + httpPort.trim();
  }

  /**
   * How long a cluster member may stay silent before the others consider it dead and take over its
   * claims (at least 3 s, default 10 s; never scaled).
   */
  public Duration memberLease() {
    try {
      Duration d = Duration.parse(memberLease.trim());
      return d.compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : d;
    } catch (RuntimeException e) {
      return Duration.ofSeconds(10);
    }
  }

  /**
   * How much of a receiver's answer is read and kept: {@code WEBHOOKS_RESPONSE_MAX_HEADERS} (header
   * lines, 50), {@code _MAX_HEADER_LINE} (bytes of one line, 4096), {@code _MAX_HEADER_BYTES}
   * (header bytes kept, 16 KiB) and {@code _MAX_BODY_BYTES} (body bytes kept, 64 KiB, at most
   * that). A value out of range gives the default.
   */
  public ResponseLimits responseLimits() {
    var d = ResponseLimits.DEFAULT;
    return new ResponseLimits(
        within(responseMaxHeaders, 1, 10_000, d.maxHeaders()),
        within(responseMaxHeaderLine, 256, 1 << 20, d.maxHeaderLine()),
        within(responseMaxHeaderBytes, 256, 1 << 20, d.maxHeaderBytes()),
        within(responseMaxBodyBytes, 0, ResponseLimits.MAX_BODY_BYTES, d.maxBodyBytes()));
  }

  /**
   * Characters one body template may write in one render ({@code WEBHOOKS_TEMPLATE_MAX_OUTPUT}, 256
   * Ki, from 1 Ki to 16 Mi).
   */
  public int templateMaxOutput() {
    return within(templateMaxOutput, 1024, 16 << 20, 262_144);
  }

  /**
   * Wall time one body template may take to render ({@code WEBHOOKS_TEMPLATE_MAX_MILLIS}, 200 ms,
   * from 1 ms to 10 s).
   */
  public Duration templateMaxTime() {
    return Duration.ofMillis(within(templateMaxMillis, 1, 10_000, 200));
  }

  private static int within(int value, int min, int max, int fallback) {
    return value >= min && value <= max ? value : fallback;
  }

  /**
   * Requests in flight for one tenant at most, over all its endpoints ({@code
   * WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT}, 512 of the server's 2,000); more wait for a free slot.
   */
  public int maxInFlightPerTenant() {
    return maxInFlightPerTenant > 0 ? maxInFlightPerTenant : 512;
  }

  /**
   * Subscriptions of every style one tenant may have ({@code WEBHOOKS_MAX_ENDPOINTS_PER_TENANT}).
   */
  public int maxEndpointsPerTenant() {
    return maxEndpointsPerTenant > 0 ? maxEndpointsPerTenant : 1000;
  }

  /**
   * Deliveries one request may create, over all its events and their subscriptions ({@code
   * WEBHOOKS_MAX_DELIVERIES_PER_REQUEST}): one transaction stays bounded.
   */
  public int maxDeliveriesPerRequest() {
    return maxDeliveriesPerRequest > 0 ? maxDeliveriesPerRequest : 10_000;
  }

  /**
   * The shortest interval of an Intuned Job's schedule ({@code WEBHOOKS_INTUNED_MIN_INTERVAL},
   * PT60S; at least a second): every interval is a persistent timer.
   */
  public Duration intunedMinInterval() {
    try {
      Duration d = Duration.parse(intunedMinInterval.trim());
      return d.getSeconds() < 1 ? Duration.ofSeconds(1) : d;
    } catch (RuntimeException e) {
      return Duration.ofSeconds(60);
    }
  }

  /**
   * Whether a Job run may start while an earlier run of the same Job is still open ({@code
   * WEBHOOKS_INTUNED_OVERLAPPING_RUNS}, false: the later start is refused, or skipped when a
   * schedule fires).
   */
  public boolean intunedOverlappingRuns() {
    return intunedOverlappingRuns;
  }

  /**
   * The longest a delivery request may wait for its answer ({@code WEBHOOKS_MAX_REQUEST_TIMEOUT},
   * PT60S, at least a second): a longer configured timeout is cut to it.
   */
  public Duration maxRequestTimeout() {
    return atLeastASecond(maxRequestTimeout, Duration.ofSeconds(60));
  }

  /**
   * The longest an Intuned API run request may wait ({@code WEBHOOKS_MAX_API_RUN_TIMEOUT}, PT1H):
   * automations take minutes; each still holds a slot of its tenant's budget meanwhile.
   */
  public Duration maxApiRunTimeout() {
    return atLeastASecond(maxApiRunTimeout, Duration.ofHours(1));
  }

  private static Duration atLeastASecond(String value, Duration fallback) {
    try {
      Duration d = Duration.parse(value.trim());
      return d.getSeconds() < 1 ? fallback : d;
    } catch (RuntimeException e) {
      return fallback;
    }
  }

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
