package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-endpoint admission for attempts: at most {@code WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT} requests
 * in flight to one endpoint (so a hanging receiver cannot take the capacity healthy ones need), and
 * at most its {@code rateLimitPerSecond}. A delivery that is not admitted waits in the database for
 * the returned time; none is dropped. The state is in memory: the engine runs on one server, and
 * after a restart it simply starts empty.
 */
@ApplicationScoped
public class Throttle {
  @jakarta.inject.Inject dev.webhooks.shared.Settings settings;

  private final Map<Long, EndpointGate> gates = new ConcurrentHashMap<>();

  /** How a delivery is put off: until a slot of its endpoint frees up, or until a given time. */
  public record Deferral(boolean waitsForSlot, Instant until) {}

  /**
   * Deliveries waiting for a slot, per endpoint, at most this many (the rest wait for the sweeper).
   */
  static final int MAX_WAITING_PER_ENDPOINT = 2000;

  /**
   * Empty when the attempt may go now (a slot is taken: call {@link #release}); else how it waits.
   */
  public Optional<Deferral> admit(
      Long endpointId, Long deliveryId, Integer ratePerSecond, Instant now) {
    return gates
        .computeIfAbsent(endpointId, k -> new EndpointGate())
        .admit(deliveryId, ratePerSecond, now, settings.maxInFlightPerEndpoint());
  }

  /** Frees a slot; answers the delivery that waited longest for one, to be woken now. */
  public Optional<Long> release(Long endpointId) {
    EndpointGate g = gates.get(endpointId);
    return g == null ? Optional.empty() : g.release();
  }

  public int inFlight(Long endpointId) {
    EndpointGate g = gates.get(endpointId);
    return g == null ? 0 : g.inFlight;
  }

  /**
   * One endpoint's in-flight count and rate window (a fixed one-second window with spacing inside
   * it).
   */
  static final class EndpointGate {
    int inFlight;
    long windowSecond;
    int usedInWindow;
    final java.util.LinkedHashSet<Long> waiting = new java.util.LinkedHashSet<>();

    synchronized Optional<Deferral> admit(
        Long deliveryId, Integer ratePerSecond, Instant now, int maxInFlight) {
      if (inFlight >= maxInFlight) {
        // No polling: the delivery is woken when a slot frees, or by the sweeper if that wake-up is
        // lost.
        if (waiting.size() < MAX_WAITING_PER_ENDPOINT) {
          waiting.add(deliveryId);
          return Optional.of(new Deferral(true, now.plusSeconds(10)));
        }
        return Optional.of(new Deferral(false, now.plusSeconds(5)));
      }
      if (ratePerSecond != null && ratePerSecond > 0) {
        long second = now.getEpochSecond();
        if (second != windowSecond) {
          windowSecond = second;
          usedInWindow = 0;
        }
        if (usedInWindow >= ratePerSecond) {
          return Optional.of(new Deferral(false, Instant.ofEpochSecond(second + 1)));
        }
        usedInWindow++;
      }
      inFlight++;
      return Optional.empty();
    }

    synchronized Optional<Long> release() {
      if (inFlight > 0) {
        inFlight--;
      }
      var it = waiting.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Long next = it.next();
      it.remove();
      return Optional.of(next);
    }
  }
}
