package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * P7, ingest at the fan-outs real traffic has (#18): a fixed number of 1 KiB events sent by {@code
 * P7_WORKERS} clients (32, one request in flight each) to a fresh set of endpoints, counted at the
 * receiver until every delivery has arrived. No backlog cap: the figure is end to end, from the
 * first request to the last arrival, as a user who sends a burst sees it.
 *
 * <p>Each phase reports deliveries/s end to end, events/s accepted while ingest ran, and the
 * server's CPU milliseconds per event (process user + system time over the phase, drain included,
 * divided by the events): the cost of one event, which swings less than the rates on a shared
 * machine.
 *
 * <p>{@code P7_PHASES} lists phases as {@code mode fan-out x events}, in order; the default runs
 * single-event ingest at fan-out 1 first (on a server just started: the cold rate), then again
 * (warm), then fan-out 10, then batches of 100 at fan-out 1.
 */
final class P7FanOut implements Scenario {
  static final String DEFAULT_PHASES = "single1x10000,single1x10000,single10x3000,batch1x50000";

  @Override
  public String key() {
    return "p7";
  }

  @Override
  public String title() {
    return "Fan-out 1 and 10: events/s, deliveries/s end to end, server CPU ms per event";
  }

  record Phase(Ingest.Mode mode, int fanout, long events) {
    static Phase parse(String s) {
      String t = s.trim();
      Ingest.Mode mode = t.startsWith("batch") ? Ingest.Mode.BATCH : Ingest.Mode.SINGLE;
      String rest = t.substring(mode == Ingest.Mode.BATCH ? 5 : 6);
      String[] parts = rest.split("x");
      if (!t.startsWith(mode.label()) || parts.length != 2) {
        throw new IllegalArgumentException("P7_PHASES: " + s + " is not like single1x10000");
      }
      return new Phase(mode, Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }

    String label() {
      return mode.label() + ", fan-out " + fanout + ", " + events + " events";
    }
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    List<Figure> rows = new ArrayList<>();
    String[] phases = System.getenv().getOrDefault("P7_PHASES", DEFAULT_PHASES).split(",");
    for (int i = 0; i < phases.length; i++) {
      rows.addAll(phase(ctx, i, Phase.parse(phases[i]), i == 0));
    }
    return rows;
  }

  private List<Figure> phase(Context ctx, int index, Phase p, boolean first) throws Exception {
    String tag = ctx.tag(key() + "-" + index);
    String type = ctx.eventType(key() + "-" + index);
    Recorder.Group group = ctx.recorder.group(tag);
    List<String> endpoints =
        Endpoints.create(ctx, p.fanout(), i -> Receiver.healthyPath(tag, i), type, null);
    try {
      Ingest ingest = new Ingest(ctx.api, type, p.fanout(), group);
      Ingest.Options opt =
          new Ingest.Options(
              p.mode(),
              ctx.cfg.p7Workers,
              Payloads.SAFE_BATCH,
              0, // no backlog cap: end to end
              p.events(),
              ctx.cfg.p7MaxSeconds,
              false,
              false);
      OptionalLong pid = ctx.server.pid();
      long cpu0 = pid.isPresent() ? ServerControl.cpuTicks(pid.getAsLong()) : -1;
      long t0 = System.nanoTime();
      Ingest.Result r = ingest.run(opt);
      double ingestSeconds = (System.nanoTime() - t0) / 1e9;
      long expected = r.expectedDeliveries();
      boolean all = Wait.forDeliveries(group, expected, ctx.cfg.p7MaxSeconds);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu1 = pid.isPresent() ? ServerControl.cpuTicks(pid.getAsLong()) : -1;
      double cpuMsPerEvent =
          cpu0 >= 0 && cpu1 >= 0 && r.accepted() > 0
              ? (cpu1 - cpu0) * 1000.0 / ServerControl.TICKS_PER_SECOND / r.accepted()
              : Double.NaN;
      long seen = group.distinct();
      double deliveriesPerSecond = seen / seconds;
      double eventsPerSecond = r.accepted() / ingestSeconds;
      Log.info(
          "[%s] %s: %d events accepted in %.1f s (%.0f/s), %d of %d deliveries in %.1f s"
              + " (%.0f/s)%s, %.2f ms server CPU per event, %d retries",
          tag,
          p.label(),
          r.accepted(),
          ingestSeconds,
          eventsPerSecond,
          seen,
          expected,
          seconds,
          deliveriesPerSecond,
          all ? "" : " (not all arrived)",
          cpuMsPerEvent,
          r.retries());
      String name = "P7 " + p.label() + (first ? " (first: a server just started)" : "");
      List<Figure> rows = new ArrayList<>();
      double goal = goal(p);
      // The first phase is the cold rate: reported, judged by the warm one.
      rows.add(
          goal > 0 && !first
              ? Figure.rateAtLeast(
                  name + ": " + unit(p), goal, deliveriesPerSecond, "/s", ctx.ceilingRps)
              : Figure.rate(name + ": " + unit(p), deliveriesPerSecond, "/s", ctx.ceilingRps));
      rows.add(
          Figure.info(
              name + ": the rest",
              String.format(
                  "%.0f events/s accepted, %.0f deliveries/s end to end, %.2f ms CPU/event%s",
                  eventsPerSecond,
                  deliveriesPerSecond,
                  cpuMsPerEvent,
                  all ? "" : ", NOT ALL ARRIVED (" + seen + " of " + expected + ")")));
      return rows;
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }

  /** Issue #18's goals: fan-out 1 single 2,000 events/s, fan-out 10 4,000, batch 5,000. */
  private static double goal(Phase p) {
    if (p.mode() == Ingest.Mode.BATCH) {
      return p.fanout() == 1 ? 5_000 : 0;
    }
    return p.fanout() == 1 ? 2_000 : p.fanout() == 10 ? 4_000 : 0;
  }

  /** The figure a phase is judged by: events/s delivered at fan-out 1, else deliveries/s. */
  private static String unit(Phase p) {
    return p.fanout() == 1 ? "events delivered/s end to end" : "deliveries/s end to end";
  }
}
