package bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What scenarios share: settings, the receiver, the API client, the server, and figures later
 * scenarios reuse.
 */
final class Context {
  final Config cfg;
  final Recorder recorder;
  final Receiver receiver;
  final Api api;
  final ServerControl server;
  final boolean large;

  /**
   * A tag unique to this invocation, so event types and receiver groups never collide with a
   * previous run's.
   */
  final String runTag =
      Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);

  /** Instrument ceiling in requests/s, NaN until measured. */
  double ceilingRps = Double.NaN;

  /** P1 deliveries/s per ingest mode ("single", "batch"), for P3's comparison. */
  final Map<Ingest.Mode, Double> p1Rate = new HashMap<>();

  /** Peak server RSS (KiB) seen during P1 load, -1 if not sampled; P4 reports it. */
  long p1PeakRssKiB = -1;

  Context(
      Config cfg,
      Recorder recorder,
      Receiver receiver,
      Api api,
      ServerControl server,
      boolean large) {
    this.cfg = cfg;
    this.recorder = recorder;
    this.receiver = receiver;
    this.api = api;
    this.server = server;
    this.large = large;
  }

  /** A receiver group / event type name for one scenario run, e.g. "p1-k3x9a". */
  String tag(String scenario) {
    return scenario + "-" + runTag;
  }

  /**
   * The event type one scenario's endpoints subscribe to, so other scenarios' events never reach
   * them.
   */
  String eventType(String scenario) {
    return "bench." + tag(scenario);
  }
}
