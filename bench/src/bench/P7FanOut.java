package bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  static final String DEFAULT_PHASES =
      "single1x10000,single1x10000,single10x3000,batch1x50000,jms1x10000";

  /** Concurrent JMS senders in a {@code jms} phase (P7_JMS_SENDERS). */
  static final int JMS_SENDERS = Integer.parseInt(Config.env("P7_JMS_SENDERS", "8"));

  @Override
  public String key() {
    return "p7";
  }

  @Override
  public String title() {
    return "Fan-out 1 and 10: events/s, deliveries/s end to end, server CPU ms per event";
  }

  /**
   * One phase: {@code single}, {@code batch} or {@code jms} ingest, the fan-out and the events.
   * {@code jms} sends TextMessages through the sender application run.sh deploys next to the
   * platform ({@code bench-jms.war}, P7_JMS_SENDERS concurrent senders, default 8), for a tenant
   * created for the phase.
   */
  record Phase(Ingest.Mode mode, boolean jms, int fanout, long events) {
    static Phase parse(String s) {
      String t = s.trim();
      boolean jms = t.startsWith("jms");
      Ingest.Mode mode = t.startsWith("batch") ? Ingest.Mode.BATCH : Ingest.Mode.SINGLE;
      String prefix = jms ? "jms" : mode.label();
      String[] parts = t.substring(Math.min(prefix.length(), t.length())).split("x");
      if (!t.startsWith(prefix) || parts.length != 2) {
        throw new IllegalArgumentException(
            "P7_PHASES: " + s + " is not like single1x10000, batch1x50000 or jms1x10000");
      }
      return new Phase(mode, jms, Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }

    String label() {
      return (jms ? "jms" : mode.label()) + ", fan-out " + fanout + ", " + events + " events";
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
    Api api = ctx.api;
    String tenantId = null;
    if (p.jms()) {
      // Over JMS a tenant is named by its public id: a tenant of its own, made for the phase.
      Api.NewTenant tenant = ctx.api.createTenant("bench-jms-" + tag);
      api = ctx.api.withKey(tenant.apiKey());
      tenantId = tenant.id();
    }
    List<String> endpoints =
        Endpoints.create(ctx, api, p.fanout(), i -> Receiver.healthyPath(tag, i), type, null);
    RssSampler rss = RssSampler.start(ctx.server);
    try {
      OptionalLong pid = ctx.server.pid();
      long cpu0 = pid.isPresent() ? ServerControl.cpuTicks(pid.getAsLong()) : -1;
      long t0 = System.nanoTime();
      Ingest.Result r;
      double ingestSeconds;
      if (p.jms()) {
        ingestSeconds = jmsBurst(ctx, tenantId, Payloads.event(type, 0), p.events()) / 1e3;
        r = new Ingest.Result(p.events(), p.events() * p.fanout(), 0, ingestSeconds, List.of());
      } else {
        Ingest ingest = new Ingest(api, type, p.fanout(), group);
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
        r = ingest.run(opt);
        ingestSeconds = (System.nanoTime() - t0) / 1e9;
      }
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
                  "%.0f events/s %s, %.0f deliveries/s end to end, %.2f ms CPU/event, peak RSS"
                      + " %s%s",
                  eventsPerSecond,
                  p.jms() ? "put on the queue" : "accepted",
                  deliveriesPerSecond,
                  cpuMsPerEvent,
                  rss == null || rss.peakKiB() < 0 ? "unknown" : rss.peakKiB() / 1024 + " MiB",
                  all ? "" : ", NOT ALL ARRIVED (" + seen + " of " + expected + ")")));
      if (first) {
        rows.add(Figure.info(name + ": per " + WINDOW + " in arrival order", windows(group, t0)));
      }
      return rows;
    } finally {
      if (rss != null) {
        rss.close();
      }
      api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }

  /** Deliveries per window of the cold phase's series: when the server reaches its steady rate. */
  static final int WINDOW = 1_000;

  /**
   * Deliveries/s in each window of {@link #WINDOW} arrivals, the first from the phase's start: the
   * cold phase's climb to the steady rate, which the warm phase then shows.
   */
  private static String windows(Recorder.Group group, long t0) {
    long[] at = group.firstArrivals();
    StringBuilder out = new StringBuilder("deliveries/s:");
    long from = t0;
    for (int end = WINDOW; end <= at.length; end += WINDOW) {
      long to = at[end - 1];
      out.append(' ').append(Math.round(WINDOW / ((to - from) / 1e9)));
      from = to;
    }
    return out.toString();
  }

  /**
   * Asks the JMS sender application to send {@code body} {@code count} times for the tenant;
   * answers the milliseconds until its last send returned (every message is on the queue, the
   * platform's listener takes them from there).
   */
  private static long jmsBurst(Context ctx, String tenantId, String body, long count)
      throws IOException, InterruptedException {
    String url =
        ctx.cfg.baseUrl
            + "/bench-jms/burst?tenantId="
            + URLEncoder.encode(tenantId, StandardCharsets.UTF_8)
            + "&count="
            + count
            + "&senders="
            + JMS_SENDERS;
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(ctx.cfg.p7MaxSeconds))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() != 200) {
      throw new IllegalStateException(
          "the JMS sender (bench-jms.war, deployed by run.sh) answered "
              + reply.statusCode()
              + ": "
              + reply.body());
    }
    return Long.parseLong(reply.body().trim());
  }

  /**
   * Issue #18's goals: fan-out 1 single 2,000 events/s, fan-out 10 4,000, batch 5,000, JMS at
   * fan-out 1 2,000.
   */
  private static double goal(Phase p) {
    if (p.jms()) {
      return p.fanout() == 1 ? 2_000 : 0;
    }
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
