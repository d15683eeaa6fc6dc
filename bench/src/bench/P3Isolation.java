package bench;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * P3, isolation between tenants: the default tenant runs the P1 set-up (P1_ENDPOINTS healthy
 * endpoints, one ingest mode) while a second, hostile tenant, created for the run, has broken
 * receivers and keeps feeding them. The healthy tenant should keep (at least 90% of) its baseline
 * rate: another tenant's broken receivers must not eat its delivery workers.
 *
 * <p>The hostile tenant ({@code POST /api/tenants} with the bootstrap key) gets P3_HANG_FRACTION x
 * P1_ENDPOINTS endpoints at {@code /hang/...} (the receiver sleeps P3_HANG_SECONDS, past their
 * {@code "timeoutSeconds":2}) and as many at {@code /huge/...} (200 with 60 headers of 4000
 * characters and a 4 MiB body, past the server's response caps), all subscribed to its own event
 * type. While the healthy tenant is measured, the hostile tenant sends single events of that type
 * at a steady {@link #HOSTILE_RATE} per second (P3_HOSTILE_RATE), so what is measured is what its
 * receivers cost the other tenant, not how two ingests share the CPU; the load stops when the
 * measured interval ends.
 *
 * <p>Baseline: P1's figure in the same ingest mode (P3_MODE, default batch) if P1 ran in this
 * invocation; otherwise P3 first measures its own, with the same healthy endpoints, for the same
 * duration, before the hostile tenant exists. A tenant cannot be deleted, so each run leaves one
 * hostile tenant behind (its endpoints paused and deleted).
 */
final class P3Isolation implements Scenario {
  static final double GOAL_RATIO = 0.9;

  /**
   * The hostile tenant's events per second (P3_HOSTILE_RATE, default 10): each goes to all its
   * broken endpoints, so 10/s with 40 endpoints is 400 deliveries/s that hang or answer huge.
   */
  static final double HOSTILE_RATE = Double.parseDouble(Config.env("P3_HOSTILE_RATE", "10"));

  @Override
  public String key() {
    return "p3";
  }

  @Override
  public String title() {
    return "isolation: the healthy tenant's deliveries/s while a hostile tenant ingests to hanging"
        + " and huge-response endpoints, vs P1";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    Ingest.Mode mode = Ingest.Mode.valueOf(Config.env("P3_MODE", "batch").toUpperCase());
    int healthy = cfg.p1Endpoints;
    int hostileEach = (int) Math.round(cfg.p1Endpoints * cfg.p3HangFraction);
    String tag = ctx.tag(key());
    String hangTag = tag + "-hang";
    String hugeTag = tag + "-huge";
    String type = ctx.eventType(key());
    String hostileType = type + "-hostile";
    Recorder.Group group = ctx.recorder.group(tag);
    Recorder.Group hangGroup = ctx.recorder.group(hangTag);
    Recorder.Group hugeGroup = ctx.recorder.group(hugeTag);
    List<String> endpoints = new ArrayList<>();
    List<String> hostileEndpoints = new ArrayList<>();
    Api hostileApi = null;
    HostileLoad load = null;
    try {
      endpoints.addAll(
          Endpoints.create(ctx, healthy, i -> Receiver.healthyPath(tag, i), type, null));
      Double baseline = ctx.p1Rate.get(mode);
      String baselineNote = "P1 " + mode.label();
      if (baseline == null) {
        Log.info(
            "[p3] no P1 figure in this run; measuring a baseline with the %d healthy endpoints"
                + " and no hostile tenant",
            healthy);
        baseline = P1Throughput.measure(ctx, type, group, healthy, mode, cfg.p3Seconds);
        baselineNote = "own baseline, " + mode.label();
      }

      Api.NewTenant hostile = ctx.api.createTenant("bench-hostile-" + tag);
      hostileApi = ctx.api.withKey(hostile.apiKey());
      Log.info(
          "[p3] hostile tenant %s: %d hanging and %d huge-response endpoints",
          hostile.id(), hostileEach, hostileEach);
      hostileEndpoints.addAll(
          Endpoints.create(
              ctx,
              hostileApi,
              hostileEach,
              i -> Receiver.hangPath(hangTag, i),
              hostileType,
              Json.createObjectBuilder().add("timeoutSeconds", 2).build()));
      hostileEndpoints.addAll(
          Endpoints.create(
              ctx,
              hostileApi,
              hostileEach,
              i -> Receiver.hugePath(hugeTag, i),
              hostileType,
              Json.createObjectBuilder().add("timeoutSeconds", 2).build()));

      // The hostile tenant sends single events at a steady rate (P3_HOSTILE_RATE), each to all its
      // broken endpoints: what is measured is what its receivers cost the other tenant, not how
      // the two tenants' ingests share the CPU.
      HostileLoad running =
          HostileLoad.start(hostileApi, hostileType, HOSTILE_RATE, cfg.p3Seconds + 60);
      load = running;
      double rate =
          P1Throughput.measure(ctx, type, group, healthy, mode, cfg.p3Seconds, running::stop);
      long hostileAccepted = running.finish();
      load = null;
      long hangHits = hangGroup.total();
      long hugeHits = hugeGroup.total();
      double ratio = rate / baseline;
      Log.info(
          "[p3] healthy tenant %.0f/s vs baseline %.0f/s = %.2f; hostile tenant: %d events"
              + " accepted, %d attempts at hanging and %d at huge-response endpoints",
          rate, baseline, ratio, hostileAccepted, hangHits, hugeHits);
      String hostileSetup =
          String.format("%d hanging and %d huge-response endpoints", hostileEach, hostileEach);
      String hostileNote =
          String.format(
              "hostile tenant: %d events accepted; %d attempts reached the hanging receivers, %d"
                  + " the huge-response receivers",
              hostileAccepted, hangHits, hugeHits);
      return List.of(
          Figure.rate(
                  "P3 healthy deliveries/s, hostile tenant with " + hostileSetup,
                  rate,
                  "/s",
                  ctx.ceilingRps)
              .withNote(hostileNote),
          Figure.atLeast(
                  "P3 isolation ratio (healthy tenant rate / baseline)", GOAL_RATIO, ratio, "")
              .withNote("baseline " + Figure.fmt(baseline) + "/s (" + baselineNote + ")"));
    } finally {
      if (load != null) {
        load.stop();
        load.awaitQuietly();
      }
      // Pausing matters most here: hanging and huge-response endpoints would otherwise keep
      // retrying into later scenarios. The hostile tenant's endpoints answer to its key only.
      if (hostileApi != null) {
        hostileApi.retire(hostileEndpoints);
      }
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
      ctx.recorder.drop(hangTag);
      ctx.recorder.drop(hugeTag);
    }
  }

  /** The hostile tenant's events, single ones at a fixed rate, on a thread of its own. */
  private static final class HostileLoad {
    private final Thread driver;
    private final java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong accepted =
        new java.util.concurrent.atomic.AtomicLong();
    private volatile Exception failure;

    private HostileLoad(Api api, String type, double perSecond, double maxSeconds) {
      long periodNanos = (long) (1e9 / perSecond);
      this.driver =
          new Thread(
              () -> {
                long start = System.nanoTime();
                long end = start + (long) (maxSeconds * 1e9);
                long seq = 0;
                try {
                  while (!stop.get() && System.nanoTime() < end) {
                    long due = start + seq * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      java.util.concurrent.locks.LockSupport.parkNanos(wait); // the schedule
                    }
                    api.postAsync("/api/events", Payloads.event(type, seq++))
                        .thenAccept(
                            r -> {
                              if (r.status() == 202) {
                                accepted.incrementAndGet();
                              }
                            });
                  }
                } catch (RuntimeException e) {
                  failure = e;
                }
              },
              "hostile-ingest");
      driver.setDaemon(true);
    }

    static HostileLoad start(Api api, String type, double perSecond, double maxSeconds) {
      HostileLoad load = new HostileLoad(api, type, perSecond, maxSeconds);
      load.driver.start();
      return load;
    }

    /** Stops sending; does not wait. */
    void stop() {
      stop.set(true);
    }

    /** Stops, waits, and says how many events were accepted; throws if the load broke. */
    long finish() throws Exception {
      stop();
      driver.join();
      if (failure != null) {
        throw new IllegalStateException(
            "the hostile tenant's ingest broke: " + failure.getMessage(), failure);
      }
      return accepted.get();
    }

    /** For cleanup after a failure elsewhere: waits (bounded) without throwing. */
    void awaitQuietly() throws InterruptedException {
      driver.join(70_000);
    }
  }
}
