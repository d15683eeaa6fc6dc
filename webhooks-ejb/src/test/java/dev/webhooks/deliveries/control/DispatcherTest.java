package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's loops serve every tenant: whatever one delivery's work throws (an {@link Error}
 * included) holds back only that delivery, and no loop ever waits for a slot, a receiver or a
 * batch. Each test drives the rounds by hand against a fake store and fake HTTP.
 */
class DispatcherTest {
  private static final long POISON = 2L;

  private final List<List<Long>> claimed = new ArrayList<>();
  private final List<String> recorded = new ArrayList<>();

  /** Attempts started and not finished, by delivery id. */
  private final Map<Long, CompletableFuture<AttemptResult>> open = new ConcurrentHashMap<>();

  /** Whether claiming {@link #POISON} throws (else recording its result does). */
  private boolean poisonClaims = true;

  /** Each delivery id goes to an endpoint of the same id unless a test says otherwise. */
  private long sharedEndpoint = 0;

  /** Requests in flight per tenant at most; every delivery is tenant 1's unless told otherwise. */
  private int perTenant = 100_000;

  private final Map<Long, Long> tenantOf = new ConcurrentHashMap<>();

  private Dispatcher dispatcher(int perEndpoint) {
    Dispatcher d = new Dispatcher();
    d.lanes = new TenantLanes(Runnable::run, Dispatcher.STARTS_PER_TENANT);
    d.throttle = new Throttle(() -> perEndpoint, () -> perTenant, () -> 1);
    d.worker =
        new DeliveryWorker() {
          @Override
          public CompletableFuture<AttemptResult> attempt(DeliveryJob job) {
            CompletableFuture<AttemptResult> f = new CompletableFuture<>();
            open.put(job.deliveryId(), f);
            return f;
          }
        };
    d.store =
        new DeliveryStore() {
          @Override
          public Claimed claim(Collection<Long> ids, Instant now) {
            if (poisonClaims && ids.contains(POISON)) {
              throw new StackOverflowError();
            }
            claimed.add(List.copyOf(ids));
            return new Claimed(ids.stream().map(DispatcherTest.this::job).toList(), List.of());
          }

          @Override
          public List<Retry> defer(List<DeliveryJob> jobs, List<Throttle.Deferral> waits) {
            return List.of();
          }

          @Override
          public List<Retry> record(List<AttemptResult> results, Instant now, boolean reactions) {
            for (AttemptResult a : results) {
              if (a.job().deliveryId() == POISON && reactions) {
                throw new ExceptionInInitializerError("a style's reaction broke");
              }
            }
            for (AttemptResult a : results) {
              recorded.add(a.job().deliveryId() + (reactions ? "" : " without reactions"));
            }
            return List.of();
          }
        };
    return d;
  }

  private DeliveryJob job(long id) {
    return Jobs.job(
        id,
        sharedEndpoint != 0 ? sharedEndpoint : id,
        tenantOf.getOrDefault(id, 1L),
        "http://127.0.0.1:9/");
  }

  private void finish(long deliveryId) {
    open.remove(deliveryId).complete(result(deliveryId));
  }

  @Test
  void aDeliveryWhoseClaimThrowsAnErrorHoldsBackOnlyItself() {
    Dispatcher d = dispatcher(10);
    d.wake(List.of(1L, POISON, 3L));
    d.pumpRound();
    assertEquals(List.of(List.of(1L), List.of(3L)), claimed);
    assertEquals(2, d.inFlight(), "the other two are sent");

    d.wake(List.of(4L, 5L));
    d.pumpRound();
    assertEquals(List.of(4L, 5L), claimed.get(2), "the next round runs as usual");
  }

  @Test
  void anAttemptWhoseRecordingThrowsAnErrorIsRecordedWithoutItsReactionAndTheOthersNormally() {
    poisonClaims = false;
    Dispatcher d = dispatcher(10);
    d.wake(List.of(1L, POISON, 3L));
    d.pumpRound();
    finish(1L);
    finish(POISON);
    finish(3L);
    d.recordRound();
    assertEquals(List.of("1", "2 without reactions", "3"), recorded);

    d.wake(List.of(4L));
    d.pumpRound();
    finish(4L);
    d.recordRound();
    assertEquals("4", recorded.get(3), "the next round runs as usual");
    assertTrue(d.stalledLoops().isEmpty());
  }

  @Test
  void aTenantAtItsBudgetIsHeldWhileAnotherTenantsDeliveriesGo() {
    perTenant = 3;
    Dispatcher d = dispatcher(100);
    List<Long> hostile = new ArrayList<>();
    for (long i = 100; i < 110; i++) {
      hostile.add(i); // ten endpoints of tenant 1, all hanging
    }
    d.wake(hostile);
    d.pumpRound();
    assertEquals(3, open.size(), "tenant 1 has its three slots, the rest are held");
    for (long i = 200; i < 205; i++) {
      tenantOf.put(i, 2L);
    }
    d.wake(List.of(200L, 201L, 202L));
    d.pumpRound();
    assertTrue(open.keySet().containsAll(List.of(200L, 201L, 202L)), "tenant 2 is not held");
    assertEquals(6, d.inFlight());

    // One of tenant 1's attempts ends: its slot passes to the job of tenant 1 held longest.
    Long first = open.keySet().stream().filter(id -> id < 110).min(Long::compare).orElseThrow();
    finish(first);
    d.pumpRound();
    assertEquals(6, d.inFlight(), "tenant 1 still has three in flight");
    assertEquals(3, open.keySet().stream().filter(id -> id < 110).count());
    assertEquals(3, d.throttle.inFlight(1L));
    assertEquals(3, d.throttle.inFlight(2L));
  }

  @Test
  void theClaimPumpNeverWaitsForAServerSlot() {
    Dispatcher d = dispatcher(10);
    List<Long> ids = new ArrayList<>();
    for (long i = 10; i < 10 + Dispatcher.MAX_IN_FLIGHT + 300; i++) {
      ids.add(i);
    }
    d.wake(ids);
    // Every request hangs: with a blocking acquire the round would never return.
    assertTimeoutPreemptively(Duration.ofSeconds(20), d::pumpRound);
    assertEquals(Dispatcher.MAX_IN_FLIGHT, d.inFlight());
    assertEquals(Dispatcher.MAX_IN_FLIGHT, open.size());

    for (long i = 10; i < 15; i++) {
      finish(i);
    }
    assertTimeoutPreemptively(Duration.ofSeconds(20), d::pumpRound);
    assertEquals(Dispatcher.MAX_IN_FLIGHT, d.inFlight(), "five freed slots, five more sent");
    assertEquals(Dispatcher.MAX_IN_FLIGHT, open.size());
    d.recordRound();
    assertEquals(5, recorded.size());
  }

  @Test
  void aFinishedAttemptHandsItsEndpointSlotToAHeldJob() {
    sharedEndpoint = 77;
    Dispatcher d = dispatcher(1);
    d.wake(List.of(1L, 3L));
    d.pumpRound();
    assertEquals(List.of(1L), List.copyOf(open.keySet()), "one slot: the second is held");

    finish(1L);
    d.pumpRound();
    assertEquals(List.of(3L), List.copyOf(open.keySet()), "the held job got the freed slot");
    assertEquals(List.of(List.of(1L, 3L)), claimed, "without another claim");
  }

  @Test
  void aNearRetryIsClaimedWhenDueAndAFarOneIsLeftToTheSweep() {
    Dispatcher d = dispatcher(10);
    Instant now = Instant.now();
    d.wakeAt(
        List.of(
            new DeliveryStore.Retry(1L, now.minusMillis(1)),
            new DeliveryStore.Retry(3L, now.plus(Duration.ofHours(1)))));
    d.pumpRound();
    assertEquals(List.of(List.of(1L)), claimed);
  }

  @Test
  void aNearRetryIsNeverWokenBeforeItsTime() {
    assertEquals(1001, Dispatcher.dueMillis(Instant.ofEpochSecond(1, 900_000)));
    assertEquals(1001, Dispatcher.dueMillis(Instant.ofEpochSecond(1, 1)));
    assertEquals(1000, Dispatcher.dueMillis(Instant.ofEpochSecond(1)));
    assertEquals(1001, Dispatcher.dueMillis(Instant.ofEpochSecond(1, 1_000_000)));
  }

  private static AttemptResult result(long deliveryId) {
    DeliveryJob job = Jobs.job(deliveryId, deliveryId, "http://127.0.0.1:9/");
    return new AttemptResult(
        job,
        new OutgoingRequest(job.endpoint().url(), new byte[0]),
        new HttpOutcome(Instant.now(), 1, 204, Map.of(), "", null),
        null);
  }
}
