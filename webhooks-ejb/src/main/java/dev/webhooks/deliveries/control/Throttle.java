package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-endpoint admission for attempts: at most {@link #MAX_IN_FLIGHT_PER_ENDPOINT} requests in flight to one
 * endpoint (so a hanging receiver cannot take the capacity healthy ones need), and at most its {@code
 * rateLimitPerSecond}. A delivery that is not admitted waits in the database for the returned time; none is
 * dropped. The state is in memory: the engine runs on one server, and after a restart it simply starts empty.
 */
@ApplicationScoped
public class Throttle {
  public static final int MAX_IN_FLIGHT_PER_ENDPOINT = 32;

  private final Map<Long, EndpointGate> gates = new ConcurrentHashMap<>();

  /** Empty when the attempt may go now (a slot is taken: call {@link #release}); else when to try again. */
  public Optional<Instant> admit(Long endpointId, Integer ratePerSecond, Instant now) {
    return gates.computeIfAbsent(endpointId, k -> new EndpointGate()).admit(ratePerSecond, now);
  }

  public void release(Long endpointId) {
    EndpointGate g = gates.get(endpointId);
    if (g != null) {
      g.release();
    }
  }

  public int inFlight(Long endpointId) {
    EndpointGate g = gates.get(endpointId);
    return g == null ? 0 : g.inFlight;
  }

  /** One endpoint's in-flight count and rate window (a fixed one-second window with spacing inside it). */
  static final class EndpointGate {
    int inFlight;
    long windowSecond;
    int usedInWindow;

    synchronized Optional<Instant> admit(Integer ratePerSecond, Instant now) {
      if (inFlight >= MAX_IN_FLIGHT_PER_ENDPOINT) {
        return Optional.of(now.plusMillis(200));
      }
      if (ratePerSecond != null && ratePerSecond > 0) {
        long second = now.getEpochSecond();
        if (second != windowSecond) {
          windowSecond = second;
          usedInWindow = 0;
        }
        if (usedInWindow >= ratePerSecond) {
          return Optional.of(Instant.ofEpochSecond(second + 1));
        }
        usedInWindow++;
      }
      inFlight++;
      return Optional.empty();
    }

    synchronized void release() {
      if (inFlight > 0) {
        inFlight--;
      }
    }
  }
}
