package bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * P5, backlog: endpoints paused, N deliveries' worth of events ingested, endpoints resumed;
 * measures how long the backlog takes to drain, what each delivery costs (server CPU and wall
 * time), and whether ingest keeps answering while the server drains. Done at 10,000 and at a large
 * size (100,000, or 1,000,000 with --large): the cost per delivery should not grow with the backlog
 * (no scans of the whole outbox per delivery).
 */
final class P5Backlog implements Scenario {
  /** Per-delivery CPU at the large size may be at most this multiple of the small size's. */
  static final double GOAL_COST_GROWTH = 1.2;

  /** Ingest "still answers" during a drain: every probe 202 and p99 within this. */
  static final double GOAL_PROBE_P99_MS = 1000;

  @Override
  public String key() {
    return "p5";
  }

  @Override
  public String title() {
    return "backlog: pause, ingest N, resume; drain time, cost per delivery, ingest during drain";
  }

  /** One drain: how long, how much server CPU, and how the ingest probes fared meanwhile. */
  record Drain(
      long deliveries,
      long arrivedWhilePaused,
      long seen,
      double seconds,
      double cpuSeconds,
      Probe.Result probes) {
    boolean complete() {
      return seen >= deliveries;
    }

    double cpuMicrosPerDelivery() {
      return cpuSeconds / seen * 1e6;
    }

    double wallMicrosPerDelivery() {
      return seconds / seen * 1e6;
    }
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    int small = ctx.cfg.p5Small;
    int large = ctx.large ? ctx.cfg.p5Huge : ctx.cfg.p5Large;
    List<Figure> rows = new ArrayList<>();
    Drain a = drain(ctx, small);
    rows.addAll(rowsFor(ctx, a));
    Drain b = drain(ctx, large);
    rows.addAll(rowsFor(ctx, b));
    boolean cpuKnown = !Double.isNaN(a.cpuSeconds()) && !Double.isNaN(b.cpuSeconds());
    double growth =
        cpuKnown
            ? b.cpuMicrosPerDelivery() / a.cpuMicrosPerDelivery()
            : b.wallMicrosPerDelivery() / a.wallMicrosPerDelivery();
    rows.add(
        Figure.atMost(
                String.format("P5 cost/delivery, %,d vs %,d", b.deliveries(), a.deliveries()),
                GOAL_COST_GROWTH,
                growth,
                "x")
            .withNote(
                cpuKnown
                    ? "server CPU per delivery"
                    : "wall time per delivery (server pid not found)"));
    long leaked = a.arrivedWhilePaused() + b.arrivedWhilePaused();
    rows.add(
        Figure.check(
            "P5 paused endpoints received nothing", "0", Long.toString(leaked), leaked == 0));
    return rows;
  }

  private static List<Figure> rowsFor(Context ctx, Drain d) {
    String size = String.format("%,d", d.deliveries());
    List<Figure> rows = new ArrayList<>();
    Figure rate =
        Figure.rate("P5 drain rate, " + size, d.seen() / d.seconds(), "/s", ctx.ceilingRps);
    String cost =
        String.format(
            "%.1f s; %s us CPU, %s us wall per delivery",
            d.seconds(),
            Figure.fmt(d.cpuMicrosPerDelivery()),
            Figure.fmt(d.wallMicrosPerDelivery()));
    rows.add(
        d.complete()
            ? rate.withNote(cost)
            : new Figure(
                rate.name(),
                "all drained",
                d.seen() + " of " + d.deliveries(),
                rate.ratio(),
                Figure.Verdict.FAIL,
                "timed out; " + cost));
    Probe.Result p = d.probes();
    rows.add(
        Figure.check(
            "P5 ingest during drain, " + size,
            "all 202, p99 <= " + Figure.fmt(GOAL_PROBE_P99_MS) + " ms",
            String.format("%d/%d ok, p99 %s ms", p.ok(), p.sent(), Figure.fmt(p.p99Ms())),
            p.sent() > 0 && p.ok() == p.sent() && p.p99Ms() <= GOAL_PROBE_P99_MS));
    return rows;
  }

  private static Drain drain(Context ctx, int deliveries) throws Exception {
    Config cfg = ctx.cfg;
    String scenario = "p5-" + deliveries;
    String tag = ctx.tag(scenario);
    String type = ctx.eventType(scenario);
    Recorder.Group group = ctx.recorder.group(tag);
    int endpointCount = cfg.p5Endpoints;
    long events = (deliveries + endpointCount - 1) / endpointCount;
    long expected = events * endpointCount;
    List<String> endpoints =
        Endpoints.create(ctx, endpointCount, i -> Receiver.healthyPath(tag, i), type, null);
    try {
      for (String id : endpoints) {
        ctx.api.pause(id);
      }
      Ingest.Result in =
          new Ingest(ctx.api, type, endpointCount, group)
              .run(
                  new Ingest.Options(
                      Ingest.Mode.BATCH, 2, Payloads.SAFE_BATCH, 0, events, 3600, false, false));
      if (in.accepted() < events) {
        throw new IllegalStateException(
            "only " + in.accepted() + " of " + events + " events accepted");
      }
      Log.info(
          "[%s] %d events (%d deliveries) ingested while paused in %.1f s",
          tag, events, expected, in.seconds());
      Thread.sleep(1000); // give a wrongly sent delivery time to show up
      long leaked = group.distinct();
      if (leaked > 0) {
        Log.info("[%s] %d deliveries arrived while the endpoints were paused", tag, leaked);
      }
      OptionalLong pid = ctx.server.pid();
      long cpu0 = pid.isPresent() ? ServerControl.cpuTicks(pid.getAsLong()) : -1;
      long t0 = System.nanoTime();
      for (String id : endpoints) {
        ctx.api.resume(id);
      }
      double timeout = 60 + expected / 250.0;
      Probe probe = Probe.start(ctx, "bench.probe-" + ctx.runTag);
      boolean done;
      Probe.Result probes;
      try {
        done = Wait.forDeliveries(group, expected, timeout);
      } finally {
        probes = probe.stop();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu1 = pid.isPresent() ? ServerControl.cpuTicks(pid.getAsLong()) : -1;
      double cpu =
          cpu0 >= 0 && cpu1 >= 0 ? (cpu1 - cpu0) / ServerControl.TICKS_PER_SECOND : Double.NaN;
      Log.info(
          "[%s] drained %d of %d in %.1f s%s",
          tag, group.distinct(), expected, seconds, done ? "" : " (timed out)");
      return new Drain(expected, leaked, group.distinct(), seconds, cpu, probes);
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }

  /**
   * Posts one small event every 250 ms to a type nobody subscribes to (so it adds no deliveries)
   * and records how long each 202 took: the "does ingest still answer during the drain" check.
   */
  static final class Probe {
    record Result(long sent, long ok, double p99Ms) {}

    private final Thread thread;

    /** The 202s' latencies (nanoseconds), guarded by itself. */
    private final Histogram ok = Stats.latencies();

    private volatile boolean running = true;
    private long sent;

    private Probe(Context ctx, String type) {
      thread =
          new Thread(
              () -> {
                for (long seq = 0; running; seq++) {
                  long t = System.nanoTime();
                  sent++;
                  try {
                    Api.Reply r = ctx.api.post("/api/events", Payloads.event(type, seq));
                    if (r.status() == 202) {
                      synchronized (ok) {
                        Stats.record(ok, r.doneNanos() - t);
                      }
                    }
                  } catch (IOException e) {
                    // counted as sent but not ok
                  } catch (InterruptedException e) {
                    return;
                  }
                  try {
                    Thread.sleep(250);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "ingest-probe");
      thread.setDaemon(true);
      thread.start();
    }

    static Probe start(Context ctx, String type) {
      return new Probe(ctx, type);
    }

    Result stop() throws InterruptedException {
      running = false;
      thread.join(70_000); // a probe in flight may take up to the client timeout
      synchronized (ok) {
        return new Result(sent, ok.getTotalCount(), Stats.percentileMs(ok, 99));
      }
    }
  }
}
