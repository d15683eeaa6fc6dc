package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * P1, durable throughput: 100 endpoints, events ingested over REST (first single POSTs, then
 * batches), deliveries per second counted at the receiver. Every event fans out to every endpoint,
 * so one event is 100 deliveries. The server's peak RSS is sampled meanwhile for P4.
 */
final class P1Throughput implements Scenario {
  static final double GOAL_DELIVERIES_PER_S = 3000;

  @Override
  public String key() {
    return "p1";
  }

  @Override
  public String title() {
    return "durable throughput: deliveries/s at the receiver, 100 endpoints, single and batch"
        + " ingest";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    String tag = ctx.tag(key());
    String type = ctx.eventType(key());
    Recorder.Group group = ctx.recorder.group(tag);
    List<String> endpoints =
        Endpoints.create(ctx, cfg.p1Endpoints, i -> Receiver.healthyPath(tag, i), type, null);
    List<Figure> rows = new ArrayList<>();
    RssSampler rss = RssSampler.start(ctx.server);
    try {
      for (Ingest.Mode mode : Ingest.Mode.values()) {
        double rate = measure(ctx, type, group, endpoints.size(), mode, cfg.p1Seconds);
        ctx.p1Rate.put(mode, rate);
        rows.add(
            Figure.rateAtLeast(
                "P1 deliveries/s, " + mode.label() + " ingest",
                GOAL_DELIVERIES_PER_S,
                rate,
                "/s",
                ctx.ceilingRps));
      }
    } finally {
      if (rss != null) {
        ctx.p1PeakRssKiB = rss.peakKiB();
        rss.close();
      }
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
    return rows;
  }

  /**
   * Drives ingest for {@code seconds} and returns deliveries/s seen at the receiver between the end
   * of the warm-up and the end of ingest. Afterwards waits (bounded) for the backlog to drain so
   * the next phase starts clean.
   */
  static double measure(
      Context ctx, String type, Recorder.Group group, int fanout, Ingest.Mode mode, int seconds)
      throws Exception {
    return measure(ctx, type, group, fanout, mode, seconds, () -> {});
  }

  /**
   * As above; {@code atEnd} runs as soon as ingest has ended and the measured interval is closed,
   * before the wait for the backlog (P3 stops its hostile tenant's load there).
   */
  static double measure(
      Context ctx,
      String type,
      Recorder.Group group,
      int fanout,
      Ingest.Mode mode,
      int seconds,
      Runnable atEnd)
      throws Exception {
    Config cfg = ctx.cfg;
    Ingest ingest = new Ingest(ctx.api, type, fanout, group);
    int batch = Math.max(1, Math.min(Payloads.SAFE_BATCH, cfg.p1Batch));
    Ingest.Options opt =
        Ingest.Options.timed(mode, cfg.ingestWorkers, batch, cfg.backlogCap, seconds);
    return measure(ctx, group, ingest, opt, mode.label(), atEnd, 60);
  }

  /**
   * Runs {@code ingest} as {@code opt} says and returns deliveries/s seen by {@code group} between
   * the end of the warm-up and the end of ingest; then waits up to {@code drainSeconds} for the
   * backlog.
   */
  static double measure(
      Context ctx,
      Recorder.Group group,
      Ingest ingest,
      Ingest.Options opt,
      String label,
      Runnable atEnd,
      int drainSeconds)
      throws Exception {
    long before = group.distinct();
    Ingest.Result[] result = new Ingest.Result[1];
    Exception[] failure = new Exception[1];
    Thread driver =
        new Thread(
            () -> {
              try {
                result[0] = ingest.run(opt);
              } catch (Exception e) {
                failure[0] = e;
              }
            },
            "ingest-driver");
    driver.start();
    double warmup = Math.min(ctx.cfg.warmupSeconds, opt.seconds() / 4.0);
    Thread.sleep((long) (warmup * 1000));
    long c1 = group.distinct();
    long t1 = System.nanoTime();
    driver.join();
    long c2 = group.distinct();
    long t2 = System.nanoTime();
    atEnd.run();
    if (failure[0] != null) {
      throw failure[0];
    }
    double rate = (c2 - c1) / ((t2 - t1) / 1e9);
    Ingest.Result r = result[0];
    Log.info(
        "[%s] %s: %.0f deliveries/s (%d events accepted, %d retries)",
        group.name, label, rate, r.accepted(), r.retries());
    if (!Wait.forDeliveries(group, before + r.expectedDeliveries(), drainSeconds)) {
      Log.info(
          "[%s] backlog not drained within %d s: %d of %d deliveries seen",
          group.name, drainSeconds, group.distinct() - before, r.expectedDeliveries());
    }
    return rate;
  }
}
