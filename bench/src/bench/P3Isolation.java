package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * P3, isolation: the P1 set-up, but 20% of the endpoints hang past their 2 s timeout. Healthy
 * endpoints should keep (at least 90% of) the rate P1 measured: a few broken receivers must not eat
 * the delivery workers.
 *
 * <p>Compared with P1 in the same ingest mode (P3_MODE, default batch). If P1 did not run in this
 * invocation, P3 first measures its own baseline with the healthy endpoints only, for the same
 * duration.
 */
final class P3Isolation implements Scenario {
  static final double GOAL_RATIO = 0.9;

  @Override
  public String key() {
    return "p3";
  }

  @Override
  public String title() {
    return "isolation: healthy deliveries/s with 20% of endpoints hanging past a 2 s timeout, vs"
        + " P1";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    Ingest.Mode mode = Ingest.Mode.valueOf(Config.env("P3_MODE", "batch").toUpperCase());
    int total = cfg.p1Endpoints;
    int hanging = (int) Math.round(total * cfg.p3HangFraction);
    int healthy = total - hanging;
    String tag = ctx.tag(key());
    String hangTag = tag + "-hang";
    String type = ctx.eventType(key());
    Recorder.Group group = ctx.recorder.group(tag);
    List<String> endpoints = new ArrayList<>();
    try {
      endpoints.addAll(
          Endpoints.create(ctx, healthy, i -> Receiver.healthyPath(tag, i), type, null));
      Double baseline = ctx.p1Rate.get(mode);
      String baselineNote = "P1 " + mode.label();
      if (baseline == null) {
        Log.info(
            "[p3] no P1 figure in this run; measuring a baseline with the %d healthy endpoints",
            healthy);
        baseline = P1Throughput.measure(ctx, type, group, healthy, mode, cfg.p3Seconds);
        baselineNote = "own baseline, " + mode.label();
      }
      endpoints.addAll(
          Endpoints.create(
              ctx, hanging, i -> Receiver.hangPath(hangTag, i), type, "\"timeoutSeconds\":2"));
      double rate = P1Throughput.measure(ctx, type, group, healthy, mode, cfg.p3Seconds);
      long hangHits = ctx.recorder.group(hangTag).total();
      double ratio = rate / baseline;
      Log.info(
          "[p3] healthy %.0f/s vs baseline %.0f/s = %.2f; %d attempts at hanging endpoints",
          rate, baseline, ratio, hangHits);
      return List.of(
          Figure.rate(
                  "P3 healthy deliveries/s, " + hanging + " of " + total + " hanging",
                  rate,
                  "/s",
                  ctx.ceilingRps)
              .withNote(hangHits + " attempts reached the hanging receivers"),
          Figure.atLeast("P3 isolation ratio (healthy rate / baseline)", GOAL_RATIO, ratio, "")
              .withNote("baseline " + Figure.fmt(baseline) + "/s (" + baselineNote + ")"));
    } finally {
      // Pausing matters most here: hanging endpoints would otherwise keep retrying into later
      // scenarios.
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
      ctx.recorder.drop(hangTag);
    }
  }
}
