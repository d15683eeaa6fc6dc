package dev.webhooks.deliveries.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.cluster.control.Membership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.function.IntSupplier;

/**
 * Per-endpoint admission for attempts: at most {@code WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT} requests
 * in flight to one endpoint (so a hanging receiver cannot take the capacity healthy ones need), and
 * at most its {@code rateLimitPerSecond}. A delivery that is not admitted waits in the database for
 * the returned time; none is dropped. Owned by the {@link Dispatcher}; the state is in memory, and
 * after a restart it simply starts empty.
 */
public final class Throttle {
  private final IntSupplier maxInFlightPerEndpoint;
  private final IntSupplier members;

  /**
   * {@code members}: the live members of the cluster. Each applies its share of every limit (the
   * limit divided by the members, rounded up), so the limits hold across the cluster (overshoot:
   * see {@link Membership}).
   */
  public Throttle(IntSupplier maxInFlightPerEndpoint, IntSupplier members) {
    this.maxInFlightPerEndpoint = maxInFlightPerEndpoint;
    this.members = members;
  }

  /**
   * One gate per endpoint with traffic, bounded: an endpoint idle for two hours (longer than any
   * request may take) loses its gate, and beyond 100,000 endpoints the least recently used one
   * does. A gate dropped while a request was still in flight only lets its endpoint start one more
   * than its cap once; rows waiting for its slots are found by the sweeper, and jobs it held in
   * memory wait for their lease to end (15 minutes). Only a server with more than 100,000 busy
   * endpoints evicts a busy gate.
   */
  private final Cache<Long, EndpointGate> gates =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(2)).build();

  /** How a delivery is put off: until a slot of its endpoint frees up, or until a given time. */
  public record Deferral(boolean waitsForSlot, Instant until) {}

  /**
   * Deliveries waiting for a slot, per endpoint, at most this many (the rest wait for the sweeper).
   */
  static final int MAX_WAITING_PER_ENDPOINT = 2000;

  /**
   * Claimed jobs kept in memory, per endpoint, while all its slots are taken: each is sent as soon
   * as a slot frees, without going back to the database. Beyond this many, deliveries wait in the
   * database (see {@link #MAX_WAITING_PER_ENDPOINT}).
   */
  static final int MAX_HELD_PER_ENDPOINT = 1000;

  /** What admission decided: send now, held in memory for the next free slot, or put off. */
  public record Decision(boolean go, Deferral deferral) {
    static final Decision GO = new Decision(true, null);
    static final Decision HELD = new Decision(false, null);

    static Decision later(Deferral d) {
      return new Decision(false, d);
    }

    public boolean held() {
      return !go && deferral == null;
    }
  }

  /** What a freed slot goes to: a held job (the slot passes to it) or a delivery to wake. */
  public record Release(DeliveryJob next, Long wake) {}

  /**
   * Admits a claimed job: on {@code go} a slot is taken (call {@link #release} when its attempt
   * ends); on {@code held} the job is kept and returned by a later {@link #release}; otherwise it
   * waits in the database until {@code deferral}.
   */
  public Decision admit(DeliveryJob job, Instant now) {
    int n = members.getAsInt();
    Integer rate = job.rateLimitPerSecond();
    return gates
        .get(job.endpoint().id(), k -> new EndpointGate())
        .admit(
            job,
            now,
            Membership.share(maxInFlightPerEndpoint.getAsInt(), n),
            rate == null ? null : Membership.share(rate, n));
  }

  /** Frees a slot of the endpoint, or hands it to the job that was held longest. */
  public Release release(Long endpointId) {
    EndpointGate g = gates.getIfPresent(endpointId);
    return g == null ? new Release(null, null) : g.release();
  }

  /** One endpoint's in-flight count and rate window (a fixed one-second window). */
  static final class EndpointGate {
    int inFlight;
    long windowSecond;
    int usedInWindow;
    final LinkedHashSet<Long> waiting = new LinkedHashSet<>();
    final ArrayDeque<DeliveryJob> held = new ArrayDeque<>();

    synchronized Decision admit(
        DeliveryJob job, Instant now, int maxInFlight, Integer ratePerSecond) {
      if (inFlight >= maxInFlight) {
        // A rate-limited endpoint's jobs are not held: the slot a held job inherits skips the rate
        // check.
        if (ratePerSecond == null && held.size() < MAX_HELD_PER_ENDPOINT) {
          held.add(job);
          return Decision.HELD;
        }
        // No polling: the delivery is woken when a slot frees, or by the sweeper if that wake-up is
        // lost.
        if (waiting.size() < MAX_WAITING_PER_ENDPOINT) {
          waiting.add(job.deliveryId());
          return Decision.later(new Deferral(true, now.plusSeconds(10)));
        }
        return Decision.later(new Deferral(false, now.plusSeconds(5)));
      }
      if (ratePerSecond != null && ratePerSecond > 0) {
        long second = now.getEpochSecond();
        if (second != windowSecond) {
          windowSecond = second;
          usedInWindow = 0;
        }
        if (usedInWindow >= ratePerSecond) {
          return Decision.later(new Deferral(false, Instant.ofEpochSecond(second + 1)));
        }
        usedInWindow++;
      }
      inFlight++;
      return Decision.GO;
    }

    synchronized Release release() {
      DeliveryJob next = held.poll();
      if (next != null) {
        return new Release(next, null); // the slot passes to it: inFlight unchanged
      }
      if (inFlight > 0) {
        inFlight--;
      }
      var it = waiting.iterator();
      if (!it.hasNext()) {
        return new Release(null, null);
      }
      Long wake = it.next();
      it.remove();
      return new Release(null, wake);
    }
  }
}
