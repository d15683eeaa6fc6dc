package bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Entry point: {@code bench/run.sh [options] [ceiling|p1|p2|p3|p4|p5|r1|r2|all]...}. Runs the
 * instrument ceiling first (every rate is compared with it), starts the server once if a selected
 * scenario needs it, runs the scenarios in a fixed order (R2 last: it may restart the server with a
 * different retry time scale), stops the server it started, and prints one table.
 *
 * <p>Exit status: 0 when every measured figure met its goal, 1 when one missed or a scenario broke,
 * 2 on bad usage.
 */
public final class Main {
  /** In run order. */
  private static final List<Scenario> ALL =
      List.of(
          new Ceiling(),
          new P1Throughput(),
          new P2Latency(),
          new P3Isolation(),
          new P4Footprint(),
          new P5Backlog(),
          new P6Fifo(),
          new P7FanOut(),
          new R1Crash(),
          new R2Faults());

  private Main() {}

  public static void main(String[] args) throws Exception {
    Options opt = Options.parse(args);
    if (opt == null) {
      System.exit(2);
    }
    Config cfg = new Config();
    Files.createDirectories(cfg.out);
    Recorder recorder = new Recorder();
    Api api = new Api(cfg.baseUrls, cfg.apiKey);
    ServerControl server = new ServerControl(cfg, api, !opt.externalServer);
    List<Figure> rows = new ArrayList<>();
    try (Receiver receiver =
        new Receiver(recorder, Config.integer("RECEIVER_PORT", 0), cfg.p3HangSeconds)) {
      Log.info("receiver on 127.0.0.1:%d, output in %s", receiver.port(), cfg.out);
      Context ctx = new Context(cfg, recorder, receiver, api, server, opt.large);
      String serverProblem = null;
      boolean serverChecked = false;
      for (Scenario s : ALL) {
        if (!opt.selected.contains(s.key())) {
          continue;
        }
        if (s.needsServer()) {
          if (opt.noServer) {
            rows.add(Figure.skip(s.key(), "--no-server"));
            continue;
          }
          if (opt.externalServer && s.needsManagedServer()) {
            rows.add(
                Figure.skip(s.key(), "needs to restart the server; not with --external-server"));
            continue;
          }
          // Once per invocation: start our own server (start() refuses if another one already
          // answers, so we
          // never measure a stranger), or with --external-server check that the operator's is
          // there.
          if (serverProblem == null && !serverChecked) {
            serverChecked = true;
            try {
              if (opt.externalServer) {
                if (!api.ready()) {
                  throw new IllegalStateException(
                      "no server ready at " + cfg.baseUrl + "/health/ready");
                }
              } else {
                Log.info("starting server: %s", cfg.startCmd);
                installStopHook(server, opt);
                server.start(1.0);
                Log.info(
                    "server ready after %.1f s", server.lastStartToReady().toMillis() / 1000.0);
              }
            } catch (Exception e) {
              serverProblem = "server did not start: " + e.getMessage();
              logError(cfg, "server start", e);
            }
          }
          if (serverProblem != null) {
            rows.add(Figure.error(s.key(), new IllegalStateException(serverProblem)));
            continue;
          }
        }
        Log.info("== %s: %s", s.key(), s.title());
        try {
          rows.addAll(s.run(ctx));
        } catch (Exception e) {
          rows.add(Figure.error(s.key(), e));
          logError(cfg, s.key(), e);
        }
      }
    } finally {
      if (server.launched() && !opt.keepServer) {
        stopQuietly(server);
      }
    }
    System.out.println();
    Table.print(rows);
    Table.writeTsv(rows, cfg.out.resolve("results.tsv"));
    System.out.println("(also in " + cfg.out.resolve("results.tsv") + ")");
    boolean bad =
        rows.stream()
            .anyMatch(
                f -> f.verdict() == Figure.Verdict.FAIL || f.verdict() == Figure.Verdict.ERROR);
    System.exit(bad ? 1 : 0);
  }

  /** Ctrl-C must not leave a Liberty server running behind the operator's back. */
  private static void installStopHook(ServerControl server, Options opt) {
    if (opt.keepServer) {
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (server.launched()) {
                    stopQuietly(server);
                  }
                },
                "stop-server-on-exit"));
  }

  private static synchronized void stopQuietly(ServerControl server) {
    try {
      if (server.anyUp()) {
        Log.info("stopping server");
        server.stop();
      }
    } catch (Exception e) {
      Log.info("could not stop the server: %s", e.getMessage());
    }
  }

  private static void logError(Config cfg, String where, Exception e) {
    StringWriter sw = new StringWriter();
    e.printStackTrace(new PrintWriter(sw));
    Log.info(
        "[%s] error: %s (stack trace in %s)", where, e.getMessage(), cfg.out.resolve("errors.log"));
    try {
      Files.writeString(
          cfg.out.resolve("errors.log"),
          "---- " + where + "\n" + sw,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (Exception ignored) {
      // the message above is already on the console
    }
  }

  /** Command-line options. */
  private static final class Options {
    final Set<String> selected = new LinkedHashSet<>();
    boolean noServer;
    boolean externalServer;
    boolean keepServer;
    boolean large;

    static Options parse(String[] args) {
      Options o = new Options();
      for (String a : args) {
        switch (a) {
          case "--server" -> o.noServer = false;
          case "--no-server" -> o.noServer = true;
          case "--external-server" -> o.externalServer = true;
          case "--keep-server" -> o.keepServer = true;
          case "--large" -> o.large = true;
          case "all" -> ALL.forEach(s -> o.selected.add(s.key()));
          case "-h", "--help" -> {
            usage();
            return null;
          }
          default -> {
            if (ALL.stream().noneMatch(s -> s.key().equals(a))) {
              System.err.println("unknown argument: " + a);
              usage();
              return null;
            }
            o.selected.add(a);
          }
        }
      }
      if (o.selected.isEmpty()) {
        ALL.forEach(s -> o.selected.add(s.key()));
      }
      o.selected.add("ceiling"); // every rate is reported against it
      return o;
    }

    static void usage() {
      StringBuilder b = new StringBuilder();
      b.append("usage: bench/run.sh [options] [scenario...]   (default: all)\n\nscenarios:\n");
      for (Scenario s : ALL) {
        b.append(String.format("  %-8s %s%n", s.key(), s.title()));
      }
      b.append(
          """

options:
  --no-server        measure only the instrument ceiling; skip every server scenario
  --external-server  use a server already running at BASE_URL; never start, stop or kill it
                     (r1 is skipped; r2 assumes the server runs with R2_TIME_SCALE)
  --keep-server      leave the server the harness started running at the end
  --large            p5 drains 1,000,000 deliveries instead of 100,000
""");
      System.err.print(b);
    }
  }
}
