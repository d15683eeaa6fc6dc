package bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Every knob of the harness, read once from the environment (bench/run.sh sets the server commands;
 * the rest have defaults sized for a 2-core machine). Names are the environment variable names, so
 * README and code agree.
 */
final class Config {
  // ---- where things are ----
  final Path root = Path.of(env("ROOT", ".")).toAbsolutePath().normalize();
  final Path out = Path.of(env("BENCH_OUT", root.resolve("bench/out").toString()));

  /**
   * The server's URL, or several separated by commas: the members of a cluster (MEMBERS in
   * bench/run.sh). Requests go to them in turn; a member that refuses a connection is left out for
   * a while.
   */
  final List<String> baseUrls =
      Arrays.stream(env("BASE_URL", "http://127.0.0.1:9080").split(","))
          .map(String::trim)
          .filter(u -> !u.isEmpty())
          .map(Config::stripSlash)
          .toList();

  /** The first member's URL. */
  final String baseUrl = baseUrls.get(0);

  /** Servers the harness runs: one per URL of BASE_URL. */
  final int members = baseUrls.size();

  final String apiKey = env("API_KEY", "bench-key");

  // ---- how the server is started, stopped and found (see bench/run.sh) ----
  final String startCmd = env("START_CMD", "");
  final String stopCmd = env("STOP_CMD", "");

  /**
   * pgrep -f pattern of one member's JVM; "{member}" stands for its index (0, 1, ...), as the
   * MEMBER variable does in START_CMD and STOP_CMD.
   */
  final String pidPattern = env("PID_PATTERN", "ws-server\\.jar webhooks( --clean)?$");

  final int readyTimeoutSeconds = integer("READY_TIMEOUT", 180);

  // ---- instrument ceiling ----
  final int ceilingSeconds = integer("CEILING_SECONDS", 10);
  final int ceilingRuns = integer("CEILING_RUNS", 3);

  /**
   * Unreported first run: on 2 cores the JIT needs 10-15 s before HttpClient/HttpServer reach full
   * speed.
   */
  final int ceilingWarmupSeconds = integer("CEILING_WARMUP", 10);

  /** 16 connections saturate the receiver on 2 cores; fewer leave it idle between requests. */
  final int ceilingConcurrency = integer("CEILING_CONCURRENCY", 16);

  // ---- ingest driver shared by P1, P3, P4 ----
  final int ingestWorkers = integer("INGEST_WORKERS", 4);

  /**
   * P6's clients, each one request in flight: at fan-out 1 four clients measure Derby's commit
   * latency, not the server (32, as issue #18's comparison uses).
   */
  final int p6Workers = integer("P6_WORKERS", 32);

  /** P7's clients, each one request in flight (32, as issue #18's comparison uses). */
  final int p7Workers = integer("P7_WORKERS", 32);

  /** P7: the most a phase may take, ingest and drain each. */
  final int p7MaxSeconds = integer("P7_MAX_SECONDS", 300);

  /**
   * Deliveries accepted but not yet seen; above it the driver waits, so a slow server is measured,
   * not buried.
   */
  final long backlogCap = integer("BACKLOG_CAP", 20_000);

  /** Seconds of ingest per mode (single, then batch): 60 s of load in all. */
  final int p1Seconds = integer("P1_SECONDS", 30);

  final int p1Endpoints = integer("P1_ENDPOINTS", 100);

  /**
   * Events per batch request (the API takes up to 1000 and 1 MiB, so at most 500 of ours); with 100
   * endpoints, 100 events = 10,000 deliveries.
   */
  final int p1Batch = integer("P1_BATCH", 100);

  final int warmupSeconds = integer("WARMUP_SECONDS", 5);

  final int p2Rate = integer("P2_RATE", 500);
  final int p2Seconds = integer("P2_SECONDS", 30);

  final int p3Seconds = integer("P3_SECONDS", 30);
  final double p3HangFraction = decimal("P3_HANG_FRACTION", 0.2);
  final int p3HangSeconds = integer("P3_HANG_SECONDS", 5);

  final int p4Seconds = integer("P4_SECONDS", 30);

  final int p5Endpoints = integer("P5_ENDPOINTS", 10);
  final int p5Small = integer("P5_SMALL", 10_000);
  final int p5Large = integer("P5_DELIVERIES", 100_000);
  final int p5Huge = integer("P5_HUGE", 1_000_000);

  final int r1Events = integer("R1_EVENTS", 20_000);
  final int r1WaitSeconds = integer("R1_WAIT", 300);

  final double r2TimeScale = decimal("R2_TIME_SCALE", 1.0);
  final double r2Tolerance = decimal("R2_TOLERANCE", 0.15);

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  static int integer(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)).replace("_", ""));
  }

  static double decimal(String name, double fallback) {
    return Double.parseDouble(env(name, Double.toString(fallback)));
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
