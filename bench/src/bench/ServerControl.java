package bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Starts, stops, finds and kills the server under test, using the commands configured in
 * bench/run.sh. The harness never guesses: it only kills a pid that the configured pattern matches
 * exactly once, and it refuses to start a server when something already answers on the base URL
 * (that would measure the wrong process).
 */
final class ServerControl {
  private final Config cfg;
  private final Api api;
  private final boolean managed;
  private final Path log;
  private double timeScale = Double.NaN;
  private volatile boolean launched;
  private Duration lastStartToReady;

  /**
   * @param managed false when the operator runs the server (--external-server): then start, stop
   *     and kill are refused and scenarios that need them are skipped.
   */
  ServerControl(Config cfg, Api api, boolean managed) {
    this.cfg = cfg;
    this.api = api;
    this.managed = managed;
    this.log = cfg.out.resolve("server-commands.log");
  }

  boolean managed() {
    return managed;
  }

  /**
   * Whether this harness ran the start command at least once (and so owns the server it must stop).
   */
  boolean launched() {
    return launched;
  }

  /** Whether every member answers ready right now. */
  boolean isUp() {
    return api.ready();
  }

  /** Whether some member still runs (after R1 killed another, say). */
  boolean anyUp() throws IOException, InterruptedException {
    for (int m = 0; m < cfg.members; m++) {
      if (api.ready(m) || pid(m).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** How many servers the harness runs (the URLs of BASE_URL). */
  int members() {
    return cfg.members;
  }

  /** The retry time scale the running server was started with (NaN if unknown or external). */
  double timeScale() {
    return timeScale;
  }

  /**
   * Wall time from running the start command to the first 200 of /health/ready, of the latest
   * start.
   */
  Duration lastStartToReady() {
    return lastStartToReady;
  }

  /**
   * Starts every member, one after the other (each is ready before the next is started, so that
   * start-to-ready is one server's and two first starts never race on an empty database).
   */
  void start(double retryTimeScale) throws IOException, InterruptedException {
    requireManaged("start");
    for (int m = 0; m < cfg.members; m++) {
      if (api.ready(m)) {
        throw new IllegalStateException(
            "a server already answers on "
                + cfg.baseUrls.get(m)
                + "; stop it first or use --external-server to measure it as it is");
      }
    }
    for (int m = 0; m < cfg.members; m++) {
      start(m, retryTimeScale);
    }
    timeScale = retryTimeScale;
  }

  /**
   * Runs the start command of one member (MEMBER in its environment) with the bench settings (the
   * command may refer to them, e.g. -Dliberty.env.WEBHOOKS_API_KEY="$WEBHOOKS_API_KEY") and waits
   * for readiness. The clock starts before the command is launched, so start-to-ready includes
   * whatever the command itself costs (e.g. Maven start-up).
   */
  void start(int member, double retryTimeScale) throws IOException, InterruptedException {
    requireManaged("start");
    ProcessBuilder pb = shell(cfg.startCmd, "START_CMD", member);
    pb.environment().put("WEBHOOKS_API_KEY", cfg.apiKey);
    pb.environment().put("WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true");
    pb.environment().put("WEBHOOKS_RETRY_TIME_SCALE", Double.toString(retryTimeScale));
    long t0 = System.nanoTime();
    launched = true;
    Process p = pb.start();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(cfg.readyTimeoutSeconds);
    while (!api.ready(member)) {
      if (!p.isAlive() && p.exitValue() != 0) {
        throw new IllegalStateException(
            "start command failed with exit code " + p.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "server not ready after " + cfg.readyTimeoutSeconds + " s; see " + log);
      }
      Thread.sleep(100);
    }
    lastStartToReady = Duration.ofNanos(System.nanoTime() - t0);
    // liberty:start / server start return once the server is up; reap the command so no zombie is
    // left.
    if (!p.waitFor(cfg.readyTimeoutSeconds, TimeUnit.SECONDS)) {
      log("start command still running after readiness; leaving it (pid " + p.pid() + ")");
    }
  }

  /**
   * Starts the server unless it already runs with this time scale; restarts it if the scale
   * differs.
   */
  void ensureRunning(double retryTimeScale) throws IOException, InterruptedException {
    if (!managed) {
      return;
    }
    if (api.ready() && timeScale == retryTimeScale) {
      return;
    }
    stop();
    start(retryTimeScale);
  }

  /**
   * Stops every member and starts it again with the same settings, on the same database: a restart
   * as an operator does one ({@link #lastStartToReady()} then measures it).
   */
  void restart() throws IOException, InterruptedException {
    double scale = timeScale;
    stop();
    start(Double.isNaN(scale) ? 1 : scale);
  }

  /** Stops every member that runs (after writing its flight recording). */
  void stop() throws IOException, InterruptedException {
    requireManaged("stop");
    for (int m = 0; m < cfg.members; m++) {
      if (!api.ready(m) && pid(m).isEmpty()) {
        continue;
      }
      dumpProfile(m);
      Process p = shell(cfg.stopCmd, "STOP_CMD", m).start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("stop command did not finish in 180 s; see " + log);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (api.ready(m) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
    timeScale = Double.NaN;
  }

  /** kill -9 of one member's JVM, then waits until the process is gone. Returns the pid killed. */
  long kill9(int member) throws IOException, InterruptedException {
    requireManaged("kill");
    long pid =
        pid(member)
            .orElseThrow(() -> new IllegalStateException("server pid not found: " + pidHelp()));
    ProcessHandle h =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("pid " + pid + " vanished"));
    log("kill -9 " + pid);
    h.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no orderly close, as in a crash
    try {
      h.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("pid " + pid + " still alive 30 s after kill -9", e);
    }
    return pid;
  }

  /**
   * Writes a running member's flight recording with jcmd before it is stopped: the file JFR writes
   * at exit is cut short when the stop ends the JVM, and jfr cannot read it. Best effort.
   */
  void dumpProfile(int member) {
    try {
      OptionalLong pid = pid(member);
      if (pid.isEmpty()) {
        return;
      }
      java.nio.file.Path out =
          java.nio.file.Path.of(
              cfg.out.toString(),
              "server-"
                  + (cfg.members > 1 ? member + "-" : "")
                  + System.currentTimeMillis()
                  + ".jfr");
      Process p =
          new ProcessBuilder(
                  "jcmd",
                  String.valueOf(pid.getAsLong()),
                  "JFR.dump",
                  "filename=" + out.toAbsolutePath())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        Log.info("flight recording written to %s", out);
      }
    } catch (IOException | RuntimeException e) {
      Log.info("no flight recording: %s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first member's JVM pid (the only one's, without a cluster). */
  OptionalLong pid() throws IOException, InterruptedException {
    return pid(0);
  }

  /**
   * One member's JVM pid: the single process whose command line matches PID_PATTERN (pgrep -f),
   * with {member} replaced by its index.
   */
  OptionalLong pid(int member) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "pgrep", "-f", cfg.pidPattern.replace("{member}", Integer.toString(member)))
            .redirectErrorStream(true)
            .start();
    String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    List<Long> pids = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    for (String line : outText.split("\\s+")) {
      if (!line.isBlank() && Long.parseLong(line.trim()) != self) {
        pids.add(Long.parseLong(line.trim()));
      }
    }
    return pids.size() == 1 ? OptionalLong.of(pids.get(0)) : OptionalLong.empty();
  }

  String pidHelp() {
    return "pgrep -f '"
        + cfg.pidPattern
        + "' must match exactly one process (set PID_PATTERN in bench/run.sh)";
  }

  /** Resident set size in KiB from /proc/<pid>/status (VmRSS), or -1 if unreadable. */
  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone or not Linux
    }
    return -1;
  }

  /**
   * User + system CPU time of a process in clock ticks (/proc/<pid>/stat fields 14 and 15), or -1.
   */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may contain spaces; fields after it are fixed.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Linux clock ticks per second for /proc times; 100 on every common kernel configuration. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcessBuilder shell(String command, String name, int member) throws IOException {
    if (command == null || command.isBlank()) {
      throw new IllegalStateException(name + " is empty; set it at the top of bench/run.sh");
    }
    log("$ MEMBER=" + member + " " + command);
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command);
    pb.environment().put("ROOT", cfg.root.toString());
    pb.environment().put("MEMBER", Integer.toString(member));
    pb.environment()
        .put("MEMBER_HTTP_PORT", Integer.toString(URI.create(cfg.baseUrls.get(member)).getPort()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb;
  }

  private void log(String line) throws IOException {
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        java.time.Instant.now() + " " + line + System.lineSeparator(),
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private void requireManaged(String what) {
    if (!managed) {
      throw new IllegalStateException("cannot " + what + " an external server");
    }
  }
}
