package bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * P2, delivery latency at a steady 500 events/s to one endpoint: from the moment the ingest reply
 * (202) arrives to the moment the delivery with webhook-id == that event id reaches the receiver.
 *
 * <p>Open loop: events are sent on a fixed schedule whatever the server does, so a slow server
 * shows up as latency (and a lower achieved rate), not as politely reduced load. A delivery can
 * arrive before its ingest reply; that counts as 0 ms and is reported. Latencies are recorded in an
 * HdrHistogram (nanoseconds, 3 significant digits; see {@link Stats}).
 */
final class P2Latency implements Scenario {
  static final double GOAL_P50_MS = 10;
  static final double GOAL_P99_MS = 50;

  /**
   * Bounds concurrent ingest requests so a stalled server cannot make the harness open thousands.
   */
  private static final int MAX_IN_FLIGHT = 256;

  @Override
  public String key() {
    return "p2";
  }

  @Override
  public String title() {
    return "latency at 500 events/s to one endpoint: ingest reply -> arrival, p50/p99, histogram"
        + " SVG";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    String tag = ctx.tag(key());
    String type = ctx.eventType(key());
    Recorder.Group group = ctx.recorder.group(tag);
    String endpointKey = "0";
    List<String> endpoints =
        Endpoints.create(ctx, 1, i -> Receiver.healthyPath(tag, i), type, null);
    try {
      int total = cfg.p2Rate * cfg.p2Seconds;
      int warmupEvents = Math.min(total / 4, cfg.p2Rate * cfg.warmupSeconds);
      String[] ids = new String[total];
      long[] sent = new long[total];
      long[] replied = new long[total];
      AtomicLong failed = new AtomicLong();
      double sendSeconds = sendPaced(ctx, type, total, cfg.p2Rate, ids, sent, replied, failed);
      long accepted = Arrays.stream(ids).filter(id -> id != null).count();
      Wait.forDeliveries(group, accepted, 30);

      Histogram lat = Stats.latencies();
      // Also from the request's send: if deliveries often beat their 202, this is the figure that
      // still says much.
      Histogram fromSend = Stats.latencies();
      int missing = 0;
      int early = 0;
      for (int i = warmupEvents; i < total; i++) {
        if (ids[i] == null) {
          continue;
        }
        long arrived = group.firstArrival(endpointKey, ids[i]);
        if (arrived < 0) {
          missing++;
          continue;
        }
        long nanos = arrived - replied[i];
        if (nanos < 0) {
          early++;
          nanos = 0;
        }
        Stats.record(fromSend, arrived - sent[i]);
        Stats.record(lat, nanos);
      }
      long n = lat.getTotalCount();
      double p50 = Stats.percentileMs(lat, 50);
      double p99 = Stats.percentileMs(lat, 99);
      double p999 = Stats.percentileMs(lat, 99.9);
      double max = Stats.maxMs(lat);
      double achieved = total / sendSeconds;
      var svg = cfg.out.resolve("latency.svg");
      LatencySvg.write(
          svg,
          String.format("P2 delivery latency at %d events/s (%d samples)", cfg.p2Rate, n),
          lat,
          p50,
          p99,
          GOAL_P50_MS,
          GOAL_P99_MS);
      Log.info(
          "[p2] p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; %d early, %d missing, %d"
              + " failed; %s",
          p50, p99, p999, max, early, missing, failed.get(), svg);
      List<Figure> rows = new ArrayList<>();
      rows.add(
          Figure.atMost("P2 latency p50", GOAL_P50_MS, p50, "ms")
              .withNote(
                  String.format(
                      "histogram %s; from ingest request sent: p50 %s ms, p99 %s ms",
                      svg,
                      Figure.fmt(Stats.percentileMs(fromSend, 50)),
                      Figure.fmt(Stats.percentileMs(fromSend, 99)))));
      rows.add(
          Figure.atMost("P2 latency p99", GOAL_P99_MS, p99, "ms")
              .withNote(
                  String.format("p99.9 %s ms, max %s ms", Figure.fmt(p999), Figure.fmt(max))));
      rows.add(
          Figure.check(
                  "P2 events delivered (after warm-up)",
                  "all accepted",
                  n + " of " + (n + missing),
                  missing == 0)
              .withNote(
                  String.format(
                      "offered %s/s; %d ingest failures; %d arrived before their 202",
                      Figure.fmt(achieved), failed.get(), early)));
      return rows;
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }

  /**
   * Sends {@code total} single events at {@code rate}/s on a fixed schedule and records, per event,
   * the id, the send time and the reply time. Returns how long sending took (longer than planned if
   * the in-flight bound throttled it).
   */
  private static double sendPaced(
      Context ctx,
      String type,
      int total,
      int rate,
      String[] ids,
      long[] sent,
      long[] replied,
      AtomicLong failed)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    long interval = 1_000_000_000L / rate;
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = t0 + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      int idx = i;
      sent[i] = System.nanoTime();
      ctx.api
          .postAsync("/api/events", Payloads.event(type, i))
          .whenComplete(
              (reply, err) -> {
                try {
                  if (err == null && reply.status() == 202) {
                    Api.Accepted a = Api.accepted(reply);
                    ids[idx] = a.id();
                    replied[idx] = a.replyNanos();
                  } else {
                    failed.incrementAndGet();
                  }
                } catch (RuntimeException e) {
                  failed.incrementAndGet();
                } finally {
                  // also publishes ids/replied to the thread that drains the permits
                  inFlight.release();
                }
              });
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
      Log.info("[p2] some ingest requests still open after 60 s; counted as failed");
    }
    return seconds;
  }
}
