package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The instrument ceiling: how many 1 KiB JSON POSTs per second this harness can push through its own receiver with
 * no server in between. Every server figure is bounded by it, so the table shows each rate as a fraction of it; a
 * server rate near 1.0 means the harness, not the server, was the limit.
 *
 * <p>Same HTTP client, same payload, same receiver code path (header read, arrival recorded, 204) as the real
 * deliveries. Median of several runs, because a 2-core box is noisy.
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

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    // An unreported warm-up run first: until the JIT is done, run 1 would come out 30-40% low.
    oneRun(ctx, ctx.tag("ceiling") + "-warmup", cfg.ceilingConcurrency, cfg.ceilingWarmupSeconds);
    ctx.recorder.drop(ctx.tag("ceiling") + "-warmup");
    double[] rates = new double[cfg.ceilingRuns];
    for (int r = 0; r < rates.length; r++) {
      String group = ctx.tag("ceiling") + "-" + r;
      rates[r] = oneRun(ctx, group, cfg.ceilingConcurrency, cfg.ceilingSeconds);
      ctx.recorder.drop(group); // frees the arrivals; only the count mattered
      Log.info("[ceiling] run %d/%d: %.0f req/s", r + 1, rates.length, rates[r]);
    }
    ctx.ceilingRps = Stats.median(rates);
    StringBuilder runs = new StringBuilder();
    for (double v : rates) {
      runs.append(runs.length() == 0 ? "" : ", ").append(Figure.fmt(v));
    }
    return List.of(
        new Figure(
                "ceiling: receiver req/s (1 KiB, " + cfg.ceilingConcurrency + " conns)",
                "",
                Figure.fmt(ctx.ceilingRps) + " req/s",
                "1.00",
                Figure.Verdict.INFO,
                "median of " + rates.length + " x " + cfg.ceilingSeconds + " s: " + runs));
  }

  /** One timed run; the rate counts arrivals at the receiver after a 1 s warm-up, so start-up is not averaged in. */
  private static double oneRun(Context ctx, String group, int workers, int seconds) throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Recorder.Group seen = ctx.recorder.group(group);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread t =
          new Thread(
              () ->
                  post(
                      http,
                      ctx.receiver.url(Receiver.healthyPath(group, worker)),
                      worker,
                      deadline,
                      errors,
                      firstError),
              "ceiling-" + w);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    Thread.sleep(1000);
    long c1 = seen.distinct();
    long t1 = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    long c2 = seen.distinct();
    long t2 = System.nanoTime();
    if (errors.get() > 0) {
      Log.info("[ceiling] %d requests failed, first: %s", errors.get(), firstError.get());
    }
    return (c2 - c1) / ((t2 - t1) / 1e9);
  }

  private static void post(
      HttpClient http,
      String url,
      int worker,
      long deadline,
      AtomicLong errors,
      AtomicReference<String> firstError) {
    URI uri = URI.create(url);
    for (long i = 0; System.nanoTime() < deadline; i++) {
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .header("webhook-id", worker + "-" + i)
              .POST(HttpRequest.BodyPublishers.ofString(Payloads.event("bench.ceiling", i)))
              .build();
      try {
        int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 204) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, "HTTP " + status);
        }
      } catch (IOException e) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
