package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The instrument ceiling: how many 1 KiB JSON POSTs per second this harness can push through its
 * own receiver with no server in between. Every delivery rate is bounded by it, so the table shows
 * each rate as a fraction of it; a ratio near 1.0 means the harness, not the server, was the limit.
 *
 * <p>Same payload and receiver code path (header read, arrival recorded, 204) as real deliveries.
 * Measured twice: with a raw keep-alive socket client (the receiver's own limit: this is "the
 * ceiling") and with the JDK HttpClient the ingest scenarios use (what the harness can send to a
 * server; shown for context). Each: an unreported warm-up run, then the median of several runs,
 * because a 2-core box is noisy.
 */
final class Ceiling implements Scenario {
  @Override
  public String key() {
    return "ceiling";
  }

  @Override
  public String title() {
    return "instrument ceiling: 1 KiB POSTs straight to the receiver, no server";
  }

  @Override
  public boolean needsServer() {
    return false;
  }

  /**
   * One way of posting to the receiver; each worker thread gets its own and closes it when done.
   */
  private interface Poster {
    /** Posts one body; returns the HTTP status. */
    int post(String path, String webhookId, String body) throws IOException, InterruptedException;

    default void close() {}
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    int port = ctx.receiver.port();
    Series raw =
        series(
            ctx,
            "raw",
            () ->
                new Poster() {
                  private final RawHttpPoster socket = new RawHttpPoster(port);

                  @Override
                  public int post(String path, String id, String body) throws IOException {
                    return socket.post(path, id, body.getBytes(StandardCharsets.UTF_8));
                  }

                  @Override
                  public void close() {
                    // the receiver should not carry idle connections into the next run
                    socket.close();
                  }
                });
    ctx.ceilingRps = raw.median();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Series jdk =
        series(
            ctx,
            "httpclient",
            () ->
                (path, id, body) -> {
                  HttpRequest req =
                      HttpRequest.newBuilder(URI.create(ctx.receiver.url(path)))
                          .header("Content-Type", "application/json")
                          .header("webhook-id", id)
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
                  return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                });
    String conns = cfg.ceilingConcurrency + " conns";
    return List.of(
        new Figure(
            "ceiling: receiver req/s (1 KiB, " + conns + ")",
            "",
            Figure.fmt(raw.median()) + " req/s",
            "1.00",
            Figure.Verdict.INFO,
            raw.describe(cfg)),
        new Figure(
            "ceiling: JDK HttpClient req/s (ingest client)",
            "",
            Figure.fmt(jdk.median()) + " req/s",
            String.format("%.2f", jdk.median() / raw.median()),
            Figure.Verdict.INFO,
            jdk.describe(cfg)));
  }

  /** The runs of one client kind. */
  private record Series(double[] rates, long errors, String firstError) {
    double median() {
      return Stats.median(rates);
    }

    String describe(Config cfg) {
      StringBuilder b =
          new StringBuilder("median of " + rates.length + " x " + cfg.ceilingSeconds + " s: ");
      for (int i = 0; i < rates.length; i++) {
        b.append(i == 0 ? "" : ", ").append(Figure.fmt(rates[i]));
      }
      if (errors > 0) {
        b.append("; ").append(errors).append(" failed requests, first: ").append(firstError);
      }
      return b.toString();
    }
  }

  private static Series series(
      Context ctx, String kind, java.util.function.Supplier<Poster> posters)
      throws InterruptedException {
    Config cfg = ctx.cfg;
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    // Unreported warm-up: until the JIT is done (10-15 s on 2 cores), run 1 would come out 30-40%
    // low.
    oneRun(
        ctx,
        kind + "-warmup",
        posters,
        cfg.ceilingWarmupSeconds,
        new AtomicLong(),
        new AtomicReference<>());
    double[] rates = new double[cfg.ceilingRuns];
    for (int r = 0; r < rates.length; r++) {
      rates[r] = oneRun(ctx, kind + "-" + r, posters, cfg.ceilingSeconds, errors, firstError);
      Log.info("[ceiling] %s run %d/%d: %.0f req/s", kind, r + 1, rates.length, rates[r]);
    }
    return new Series(rates, errors.get(), firstError.get());
  }

  /**
   * One timed run; the rate counts arrivals at the receiver after a 1 s ramp-up, so start-up is not
   * averaged in.
   */
  private static double oneRun(
      Context ctx,
      String name,
      java.util.function.Supplier<Poster> posters,
      int seconds,
      AtomicLong errors,
      AtomicReference<String> firstError)
      throws InterruptedException {
    String group = ctx.tag("ceiling") + "-" + name;
    Recorder.Group seen = ctx.recorder.group(group);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < ctx.cfg.ceilingConcurrency; w++) {
      String path = Receiver.healthyPath(group, w);
      String prefix = w + "-";
      Poster poster = posters.get();
      Thread t =
          new Thread(
              () -> {
                for (long i = 0; System.nanoTime() < deadline; i++) {
                  try {
                    int status = poster.post(path, prefix + i, Payloads.event("bench.ceiling", i));
                    if (status != 204) {
                      errors.incrementAndGet();
                      firstError.compareAndSet(null, "HTTP " + status);
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                  } catch (InterruptedException e) {
                    break;
                  }
                }
                poster.close();
              },
              "ceiling-" + w);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    Thread.sleep(Math.min(1000, seconds * 250L));
    long c1 = seen.distinct();
    long t1 = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    long c2 = seen.distinct();
    long t2 = System.nanoTime();
    ctx.recorder.drop(group); // frees the arrivals; only the count mattered
    return (c2 - c1) / ((t2 - t1) / 1e9);
  }
}
