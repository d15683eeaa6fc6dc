package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * P4, footprint: the server JVM's peak resident memory under P1 load, and the time from running the
 * start command to the first 200 of /health/ready. RSS comes from P1's sampling when P1 ran;
 * otherwise P4 drives a P1-style load itself for P4_SECONDS.
 *
 * <p>Start to ready is given twice: the harness's first start (a server just created, on an empty
 * database) and, unless P4_RESTART=false, a restart of the same server on the same database, which
 * leaves the scenarios after P4 a server just started.
 */
final class P4Footprint implements Scenario {
  static final double GOAL_RSS_MIB = 768;
  static final double GOAL_READY_S = 15;

  @Override
  public String key() {
    return "p4";
  }

  @Override
  public String title() {
    return "footprint: server peak RSS under P1 load, start command -> /health/ready";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    List<Figure> rows = new ArrayList<>();
    long peakKiB = ctx.p1PeakRssKiB > 0 ? ctx.p1PeakRssKiB : ownLoad(ctx);
    if (peakKiB > 0) {
      rows.add(
          Figure.atMost("P4 server peak RSS under load", GOAL_RSS_MIB, peakKiB / 1024.0, "MiB"));
    } else {
      rows.add(Figure.error("P4 server peak RSS", new IllegalStateException(ctx.server.pidHelp())));
    }
    Duration ready = ctx.server.lastStartToReady();
    if (ready == null) {
      rows.add(Figure.skip("P4 start -> ready", "server not started by the harness"));
    } else {
      String cmd = ctx.cfg.startCmd;
      rows.add(
          Figure.atMost("P4 start command -> ready", GOAL_READY_S, ready.toMillis() / 1000.0, "s")
              .withNote(cmd.startsWith("mvn") ? "includes Maven start-up (START_CMD is mvn)" : ""));
    }
    if (ready != null && Boolean.parseBoolean(Config.env("P4_RESTART", "true"))) {
      // The first start above is a server just created, on an empty database (its schema created,
      // Liberty's feature and bundle caches built); an operator's restart finds both in place.
      ctx.server.restart();
      rows.add(
          Figure.atMost(
              "P4 restart (same server and database) -> ready",
              GOAL_READY_S,
              ctx.server.lastStartToReady().toMillis() / 1000.0,
              "s"));
    }
    return rows;
  }

  /**
   * Drives single-event ingest to 100 endpoints for P4_SECONDS while sampling RSS; returns the peak
   * in KiB.
   */
  private static long ownLoad(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    String tag = ctx.tag("p4");
    String type = ctx.eventType("p4");
    Recorder.Group group = ctx.recorder.group(tag);
    List<String> endpoints =
        Endpoints.create(ctx, cfg.p1Endpoints, i -> Receiver.healthyPath(tag, i), type, null);
    RssSampler rss = RssSampler.start(ctx.server);
    if (rss == null) {
      ctx.api.retire(endpoints);
      return -1;
    }
    try (rss) {
      P1Throughput.measure(ctx, type, group, endpoints.size(), Ingest.Mode.SINGLE, cfg.p4Seconds);
      return rss.peakKiB();
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }
}
