package dev.webhooks.deliveries.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.cluster.control.Membership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Admission for attempts, per endpoint and per tenant: at most {@code
 * WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT} requests in flight to one endpoint (so a hanging receiver
 * cannot take the capacity healthy ones need) and at most its {@code rateLimitPerSecond}; and at
 * most {@code WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT} requests in flight for one tenant, whatever its
 * number of endpoints (so one tenant's hanging receivers cannot take the server's slots). A job
 * takes its endpoint's slot first, then its tenant's: a job waiting for its tenant holds only a
 * slot of its own tenant's endpoint. A delivery that is not admitted is held in memory for the next
 * free slot or waits in the database; none is dropped. Owned by the {@link Dispatcher}; the state
 * is in memory, and after a restart it simply starts empty.
 */
public final class Throttle {
  private final IntSupplier maxInFlightPerEndpoint;
  private final IntSupplier maxInFlightPerTenant;
  private final IntSupplier members;

  /**
   * {@code members}: the live members of the cluster. Each applies its share of every limit (the
   * limit divided by the members, rounded up), so the limits hold across the cluster (overshoot:
   * see {@link Membership}).
   */
  public Throttle(
      IntSupplier maxInFlightPerEndpoint, IntSupplier maxInFlightPerTenant, IntSupplier members) {
    this.maxInFlightPerEndpoint = maxInFlightPerEndpoint;
    this.maxInFlightPerTenant = maxInFlightPerTenant;
    this.members = members;
  }

  /** One gate per tenant with traffic, bounded and expiring as the endpoint gates are. */
  private final Cache<Long, TenantGate> tenants =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(2)).build();

  /**
   * Jobs kept in memory per tenant while its slots are all taken (each holds a slot of its
   * endpoint); beyond this many, a job gives its endpoint slot back and waits in the database.
   */
  static final int MAX_HELD_PER_TENANT = 4000;

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

  /**
   * What freed slots go to: held jobs that may go now (the slots passed to them), and a delivery to
   * wake.
   */
  public record Release(List<DeliveryJob> go, Long wake) {}

  /**
   * Admits a claimed job: on {@code go} it holds a slot of its endpoint and one of its tenant (call
   * {@link #release} when its attempt ends); on {@code held} the job is kept and returned by a
   * later {@link #release}; otherwise it waits in the database until {@code deferral}.
   */
  /**
   * How long a rate-limited job that was admitted must still wait before its request is sent (0:
   * send now); see {@link EndpointGate#sendWait}.
   */
  public long sendWait(DeliveryJob job, Instant now) {
    Integer rate = job.rateLimitPerSecond();
    if (rate == null || rate <= 0) {
      return 0;
    }
    EndpointGate endpoint = gates.getIfPresent(job.endpoint().id());
    return endpoint == null
        ? 0
        : endpoint.sendWait(Membership.share(rate, members.getAsInt()), now);
  }

  public Decision admit(DeliveryJob job, Instant now) {
    int n = members.getAsInt();
    Integer rate = job.rateLimitPerSecond();
    EndpointGate endpoint = gates.get(job.endpoint().id(), k -> new EndpointGate());
    Decision d =
        endpoint.admit(
            job,
            now,
            Membership.share(maxInFlightPerEndpoint.getAsInt(), n),
            rate == null ? null : Membership.share(rate, n));
    return d.go() ? tenantAdmit(job, endpoint, now, true) : d;
  }

  /**
   * The tenant's slot for a job that holds its endpoint's. Only a new admission may be put off
   * ({@code mayPutOff}); a job that inherited an endpoint slot on a release is held whatever the
   * count (the release runs on the HTTP client's thread, which cannot write to the database), so
   * the tenant's held jobs exceed {@link #MAX_HELD_PER_TENANT} by at most its jobs held by
   * endpoints.
   */
  private Decision tenantAdmit(
      DeliveryJob job, EndpointGate endpoint, Instant now, boolean mayPutOff) {
    TenantGate tenant = tenants.get(job.endpoint().tenantId(), k -> new TenantGate());
    int max = Membership.share(maxInFlightPerTenant.getAsInt(), members.getAsInt());
    Decision d = tenant.admit(job, max, mayPutOff);
    if (d.deferral() != null) {
      endpoint.giveBack();
      return Decision.later(new Deferral(false, now.plusSeconds(1)));
    }
    return d;
  }

  /**
   * Frees the slots of a job whose attempt ended: its tenant's slot passes to the job of that
   * tenant held longest, its endpoint's to the job of that endpoint held longest (which then needs
   * its tenant's slot in turn); or a delivery waiting for the endpoint is woken.
   */
  public Release release(DeliveryJob job) {
    List<DeliveryJob> go = new ArrayList<>(2);
    TenantGate tenant = tenants.getIfPresent(job.endpoint().tenantId());
    if (tenant != null) {
      DeliveryJob next = tenant.release();
      if (next != null) {
        go.add(next);
      }
    }
    EndpointGate endpoint = gates.getIfPresent(job.endpoint().id());
    if (endpoint == null) {
      return new Release(go, null);
    }
    EndpointGate.Freed freed = endpoint.release();
    if (freed.next() != null && tenantAdmit(freed.next(), endpoint, Instant.now(), false).go()) {
      go.add(freed.next());
    }
    return new Release(go, freed.wake());
  }

  /** Jobs this member has in flight for a tenant (for tests and the operator's view). */
  int inFlight(Long tenantId) {
    TenantGate t = tenants.getIfPresent(tenantId);
    return t == null ? 0 : t.inFlight();
  }

  /** One tenant's in-flight count and the jobs waiting for its slots. */
  static final class TenantGate {
    private int inFlight;
    private final ArrayDeque<DeliveryJob> held = new ArrayDeque<>();

    synchronized Decision admit(DeliveryJob job, int maxInFlight, boolean mayPutOff) {
      if (inFlight < maxInFlight) {
        inFlight++;
        return Decision.GO;
      }
      if (!mayPutOff || held.size() < MAX_HELD_PER_TENANT) {
        held.add(job);
        return Decision.HELD;
      }
      return Decision.later(new Deferral(false, null));
    }

    /** The held job the freed slot passes to, or null (the slot is free). */
    synchronized DeliveryJob release() {
      DeliveryJob next = held.poll();
      if (next == null && inFlight > 0) {
        inFlight--;
      }
      return next;
    }

    synchronized int inFlight() {
      return inFlight;
    }
  }

  /** One endpoint's in-flight count and rate window (a fixed one-second window). */
  static final class EndpointGate {
    int inFlight;
    long windowSecond;
    int usedInWindow;
    long sendSecond;
    int sentInSecond;

    /**
     * The rate limit at the moment a request is sent: 0 to send now (counted in this second), or
     * the milliseconds until the next second, when this second already had {@code ratePerSecond}
     * sends. Admission counts a job in the second it was admitted, but it may wait for a server
     * slot or in its tenant's lane; jobs admitted at the end of one second and sent at the start of
     * the next would otherwise go out with the next second's own.
     */
    synchronized long sendWait(int ratePerSecond, Instant now) {
      long second = now.getEpochSecond();
      if (second != sendSecond) {
        sendSecond = second;
        sentInSecond = 0;
      }
      if (sentInSecond < ratePerSecond) {
        sentInSecond++;
        return 0;
      }
      return Math.max(1, 1000 - now.getNano() / 1_000_000);
    }

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

    /** A freed slot: passed to a held job, or a waiting delivery to wake, or neither. */
    record Freed(DeliveryJob next, Long wake) {}

    synchronized Freed release() {
      DeliveryJob next = held.poll();
      if (next != null) {
        return new Freed(next, null); // the slot passes to it: inFlight unchanged
      }
      if (inFlight > 0) {
        inFlight--;
      }
      var it = waiting.iterator();
      if (!it.hasNext()) {
        return new Freed(null, null);
      }
      Long wake = it.next();
      it.remove();
      return new Freed(null, wake);
    }

    /** A slot taken by a job that then could not go: free it without passing it on. */
    synchronized void giveBack() {
      if (inFlight > 0) {
        inFlight--;
      }
    }
  }
}
