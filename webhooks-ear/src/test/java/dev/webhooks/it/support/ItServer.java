package dev.webhooks.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The integration-test server as a process: stop, start, kill and reconfigure it. Only the tests in
 * {@code dev.webhooks.it.restarting} use it; they run after every other test (see the failsafe
 * executions in webhooks-ear/pom.xml) and each one ends with {@link #restore()} in a finally.
 */
public final class ItServer {
  private static final Duration START = Duration.ofSeconds(180);

  private ItServer() {}

  /** Whether this pass runs against the server on PostgreSQL (else Derby). */
  public static boolean postgresql() {
    return "postgresql".equals(System.getProperty("it.database"));
  }

  public static Path dir() {
    return Path.of(System.getProperty("it.serverDir"));
  }

  /** The server.env the build wrote (the settings every other test runs with). */
  private static Path buildEnv() {
    return Path.of(System.getProperty("it.serverEnv"));
  }

  /** The settings of the build's server.env, in order. */
  public static Map<String, String> buildSettings() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(buildEnv())) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  /**
   * Restarts the server with the build's settings, changed by {@code changes} (a null value removes
   * a setting). {@code JVM_ARGS} passes JVM options, as Liberty's server.env allows.
   */
  public static void restartWith(Map<String, String> changes) throws Exception {
    Map<String, String> settings = buildSettings();
    changes.forEach(
        (k, v) -> {
          if (v == null) {
            settings.remove(k);
          } else {
            settings.put(k, v);
          }
        });
    StringBuilder env = new StringBuilder("# written by ItServer.restartWith\n");
    settings.forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
    stop();
    Files.writeString(dir().resolve("server.env"), env);
    start();
  }

  /**
   * Puts the build's server.env back and restarts: what every restarting test ends with. A server
   * that already runs with the build's settings is left as it is.
   */
  public static void restore() throws Exception {
    if (Files.mismatch(buildEnv(), dir().resolve("server.env")) == -1 && isReady()) {
      return;
    }
    stop();
    Files.copy(
        buildEnv(), dir().resolve("server.env"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    start();
  }

  public static void stop() throws Exception {
    command("stop", false);
  }

  public static void start() throws Exception {
    command("start", true);
    awaitReady();
  }

  /**
   * Kills the server's JVM the way a power cut or {@code kill -9} would: no shutdown hook, no
   * orderly stop. Returns when the process is gone.
   */
  public static void kill() throws Exception {
    Path pidFile = dir().getParent().resolve(".pid").resolve(dir().getFileName() + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle process =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new AssertionError("no process " + pid + " for the server"));
    if (!process.destroyForcibly()) {
      throw new AssertionError("could not kill the server's process " + pid);
    }
    process.onExit().get(60, TimeUnit.SECONDS);
  }

  /** Waits until the server reports ready and the API answers the bootstrap key. */
  public static void awaitReady() {
    Await.until(ItServer::isReady, START, "the server to be ready");
  }

  private static boolean isReady() {
    try {
      return Api.anonymous("/health/ready").status() == 200
          && Api.bootstrap().get("/api/endpoints").status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void command(String action, boolean mustSucceed) throws Exception {
    Path wlp = Path.of(System.getProperty("it.wlpDir"));
    Process p =
        new ProcessBuilder(
                wlp.resolve("bin/server").toString(), action, dir().getFileName().toString())
            .inheritIO()
            .start();
    if (!p.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("server " + action + " did not finish in " + START);
    }
    if (mustSucceed && p.exitValue() != 0) {
      throw new AssertionError("server " + action + " failed: exit " + p.exitValue());
    }
  }
}
