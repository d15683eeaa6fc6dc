package bench;

import java.util.HashSet;
import java.util.List;

/**
 * R1, crash: a 20,000-event load to one endpoint; halfway through, kill -9 of the server JVM;
 * restart with the start command while the load keeps retrying; then wait until the receiver has
 * seen every event that got a 202. With several members (a cluster), member 0 is killed and not
 * restarted: the load goes on against the others, which take over its claims.
 *
 * <p>A 202 is a promise: lost must be 0. Duplicates are allowed (at-least-once: a delivery in
 * flight at the crash is sent again) and reported as a percentage. Deliveries whose 202 never
 * reached us (in flight at the kill) may still arrive; they are counted as "unacknowledged",
 * neither lost nor duplicate.
 */
final class R1Crash implements Scenario {
  @Override
  public String key() {
    return "r1";
  }

  @Override
  public String title() {
    return "crash: kill -9 midway through 20,000 events, restart; lost must be 0, duplicates %";
  }

  @Override
  public boolean needsManagedServer() {
    return true;
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    ctx.server.ensureRunning(1.0);
    String tag = ctx.tag(key());
    String type = ctx.eventType(key());
    Recorder.Group group = ctx.recorder.group(tag);
    String endpointKey = "0";
    List<String> endpoints =
        Endpoints.create(ctx, 1, i -> Receiver.healthyPath(tag, i), type, null);
    try {
      Ingest ingest = new Ingest(ctx.api, type, 1, group);
      Ingest.Options opt =
          new Ingest.Options(
              Ingest.Mode.SINGLE,
              cfg.ingestWorkers,
              1,
              cfg.backlogCap,
              cfg.r1Events,
              600,
              true,
              true);
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
              "r1-load");
      driver.start();

      // Kill once half the events are accepted; the load keeps retrying through the outage.
      boolean midway = Wait.until(() -> ingest.accepted() >= cfg.r1Events / 2, 300, 5);
      if (!midway) {
        ingest.stop();
        driver.join();
        throw new IllegalStateException(
            "load never reached the midpoint; accepted " + ingest.accepted());
      }
      long acceptedAtKill = ingest.accepted();
      long pid = ctx.server.kill9(0);
      long killedAt = System.nanoTime();
      boolean cluster = ctx.server.members() > 1;
      String outage;
      if (cluster) {
        // A cluster keeps going: the load moves to the other members, which take over the dead
        // member's claims once its lease runs out. It is not restarted.
        Log.info(
            "[r1] killed member 0 (pid %d) after %d accepted events; not restarting it",
            pid, acceptedAtKill);
        outage = "member 0 of " + ctx.server.members() + " killed, not restarted";
      } else {
        Log.info("[r1] killed pid %d after %d accepted events; restarting", pid, acceptedAtKill);
        ctx.server.start(0, 1.0);
        double restart = ctx.server.lastStartToReady().toMillis() / 1000.0;
        Log.info("[r1] server ready again after %.1f s", restart);
        outage = String.format("restart %.1f s", restart);
      }
      driver.join();
      if (failure[0] != null) {
        throw failure[0];
      }
      List<String> ids = result[0].ids();
      Log.info("[r1] %d events accepted in all; waiting for their deliveries", ids.size());

      Wait.until(() -> missing(group, endpointKey, ids) == 0, cfg.r1WaitSeconds, 500);
      double complete = (System.nanoTime() - killedAt) / 1e9;
      long lost = missing(group, endpointKey, ids);
      long unacknowledged = group.unknownIds(endpointKey, new HashSet<>(ids));
      long distinct = group.distinct();
      double dupPct = distinct == 0 ? 0 : 100.0 * (group.total() - distinct) / distinct;
      String context =
          String.format(
              "%d accepted (%d before the kill); %s; every event delivered %.1f s after the kill;"
                  + " %d delivered without a 202",
              ids.size(), acceptedAtKill, outage, complete, unacknowledged);
      return List.of(
          Figure.check("R1 lost after kill -9", "0", Long.toString(lost), lost == 0)
              .withNote(context),
          Figure.info("R1 duplicates", String.format("%.3f %%", dupPct))
              .withNote((group.total() - distinct) + " repeated arrivals"));
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }

  private static long missing(Recorder.Group group, String endpointKey, List<String> ids) {
    long n = 0;
    for (String id : ids) {
      if (group.firstArrival(endpointKey, id) < 0) {
        n++;
      }
    }
    return n;
  }
}
