package bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * P6, ordered (FIFO) delivery at fan-out 1: deliveries/s at the receiver for one endpoint without
 * ordering, then one FIFO endpoint with events over 100 ordering keys, then over 1 key.
 * Single-event REST ingest from {@code INGEST_WORKERS} clients, as P1's single phase. A FIFO key
 * has at most one request in flight, so one key is bounded by one round trip plus one recording
 * transaction per event; 100 keys run in parallel within the endpoint's in-flight cap.
 */
final class P6Fifo implements Scenario {
  /** The FIFO phases' endpoints: {"ordering":"fifo"}. */
  private static final JsonObject FIFO = Json.createObjectBuilder().add("ordering", "fifo").build();

  @Override
  public String key() {
    return "p6";
  }

  @Override
  public String title() {
    return "FIFO: deliveries/s at fan-out 1 without ordering, FIFO over 100 keys, FIFO over 1 key";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    // P6_PHASES picks phases, in order (a server from before FIFO runs only "none"). The unordered
    // phase runs first and again last: on a database just created Derby's plans differ (scans of
    // small tables), so the first phase also measures a cold server.
    List<String> phases =
        List.of(System.getenv().getOrDefault("P6_PHASES", "none,fifo100,fifo1,none").split(","));
    List<Figure> rows = new ArrayList<>();
    for (int i = 0; i < phases.size(); i++) {
      String p = phases.get(i).trim();
      String when = i == 0 ? " (first)" : i == phases.size() - 1 ? " (last)" : "";
      switch (p) {
        case "none" -> rows.add(phase(ctx, "none" + i, null, 0, when));
        case "fifo100" -> rows.add(phase(ctx, p, FIFO, 100, when));
        case "fifo1" -> rows.add(phase(ctx, p, FIFO, 1, when));
        default -> throw new IllegalArgumentException("P6_PHASES: unknown phase " + p);
      }
    }
    return rows;
  }

  private Figure phase(Context ctx, String name, JsonObject extra, int keys, String when)
      throws Exception {
    Config cfg = ctx.cfg;
    String tag = ctx.tag(key() + name);
    String type = ctx.eventType(key() + name);
    Recorder.Group group = ctx.recorder.group(tag);
    List<String> endpoints =
        Endpoints.create(ctx, 1, i -> Receiver.healthyPath(tag, i), type, extra);
    try {
      Ingest ingest = new Ingest(ctx.api, type, 1, group).withOrderingKeys(keys);
      Ingest.Options opt =
          Ingest.Options.timed(
              Ingest.Mode.SINGLE,
              cfg.p6Workers,
              1,
              // Ingest is far ahead of one FIFO key: a smaller backlog keeps the drain short.
              keys == 0 ? cfg.backlogCap : Math.min(cfg.backlogCap, 2_000),
              cfg.p1Seconds);
      double rate = P1Throughput.measure(ctx, group, ingest, opt, name, () -> {}, 120);
      String label =
          (keys == 0
                  ? "P6 deliveries/s, fan-out 1, no ordering"
                  : "P6 deliveries/s, fan-out 1, FIFO over "
                      + keys
                      + (keys == 1 ? " key" : " keys"))
              + when;
      return Figure.rate(label, rate, "/s", ctx.ceilingRps);
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }
}
