package dev.webhooks.deliveries.control;

import dev.webhooks.shared.Contention;
import dev.webhooks.shared.Failures;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.Outbound;
import dev.webhooks.spi.OutgoingRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Makes attempts: claims deliveries, lets their style build each request, sends them without
 * blocking, and hands each result to a consumer (the recorder). A bounded number of requests is in
 * flight at once.
 */
@ApplicationScoped
public class DeliveryWorker {
  static final int MAX_IN_FLIGHT = 2000;

  @Inject DeliveryStore store;
  @Inject DeliveryStyles styles;
  @Inject Outbound outbound;
  @Inject Throttle throttle;
  @Inject AttemptInbox inbox;

  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  /**
   * Claims and sends; results reach {@code sink} as the responses arrive. Returns the deliveries
   * the claim put off (open breaker, throttle), for the caller to wake when they are due.
   */
  public List<DeliveryStore.Retry> process(List<Long> ids, Consumer<AttemptResult> sink) {
    Instant now = Instant.now();
    return dispatch(Contention.retry(3, () -> store.claim(ids, now)), now, sink);
  }

  /** As {@link #process}, for deliveries claimed when their event was accepted. */
  public List<DeliveryStore.Retry> processClaimed(
      List<AttemptInbox.ClaimedIds> batches, Consumer<AttemptResult> sink) {
    Instant now = Instant.now();
    Set<String> tokens = new HashSet<>();
    List<Long> ids = new ArrayList<>();
    for (AttemptInbox.ClaimedIds b : batches) {
      tokens.add(b.token());
      ids.addAll(b.ids());
    }
    return dispatch(Contention.retry(3, () -> store.claimed(tokens, ids, now)), now, sink);
  }

  private List<DeliveryStore.Retry> dispatch(
      DeliveryStore.Claimed claimed, Instant now, Consumer<AttemptResult> sink) {
    // Admission happens here, outside the claim's transaction, so a rolled-back claim never holds a
    // slot.
    List<DeliveryJob> admitted = new ArrayList<>();
    List<DeliveryJob> waiting = new ArrayList<>();
    List<Throttle.Deferral> waits = new ArrayList<>();
    for (DeliveryJob job : claimed.jobs()) {
      Throttle.Decision decision = throttle.admit(job, now);
      if (decision.go()) {
        admitted.add(job);
      } else if (decision.deferral() != null) {
        waiting.add(job);
        waits.add(decision.deferral());
      } // else held in memory, sent when a slot of its endpoint frees
    }
    List<DeliveryStore.Retry> deferred = new ArrayList<>(claimed.deferred());
    if (!waiting.isEmpty()) {
      deferred.addAll(store.defer(waiting, waits));
    }
    send(admitted, sink);
    return deferred;
  }

  /**
   * Sends jobs that hold a slot of their endpoint. When an attempt ends, its slot passes to a job
   * held for that endpoint (sent by the claim pump, not on the HTTP client's thread) or wakes a
   * delivery waiting in the database.
   */
  public void send(List<DeliveryJob> jobs, Consumer<AttemptResult> sink) {
    for (DeliveryJob job : jobs) {
      inFlight.acquireUninterruptibly();
      attempt(job)
          .whenComplete(
              (r, ex) -> {
                // attempt() always completes with a result; whatever happens here, the slot and
                // the in-flight permit are given back and the result reaches the recorder.
                try {
                  Throttle.Release freed = throttle.release(job.endpoint().id());
                  if (freed.next() != null) {
                    inbox.ready(freed.next());
                  } else if (freed.wake() != null) {
                    inbox.wake(freed.wake());
                  }
                } finally {
                  inFlight.release();
                  sink.accept(r != null ? r : failed(job, null, ex));
                }
              });
    }
  }

  /**
   * One attempt of a claimed delivery, including a single re-send after a credentials refresh on
   * 401. The future always completes normally: whatever the style throws (a {@link
   * StackOverflowError} from a tenant's template included) fails this attempt with the reason in
   * its log, and never the thread that called it.
   */
  public CompletableFuture<AttemptResult> attempt(DeliveryJob job) {
    CompletableFuture<AttemptResult> attempt;
    try {
      attempt = unguardedAttempt(job);
    } catch (Throwable t) {
      attempt = CompletableFuture.failedFuture(t);
    }
    return attempt.handle((r, ex) -> r != null ? r : failed(job, null, ex));
  }

  private CompletableFuture<AttemptResult> unguardedAttempt(DeliveryJob job) {
    DeliveryStyle style = styles.of(job.endpoint().kind());
    Duration timeout = Duration.ofSeconds(job.endpoint().timeoutSeconds());
    OutgoingRequest first;
    try {
      first = style.request(job.event(), job.endpoint(), Instant.now());
    } catch (Throwable t) {
      return CompletableFuture.completedFuture(
          failed(
              job,
              null,
              FailureKind.INVALID_REQUEST,
              "the request could not be built: " + Failures.describe(t)));
    }
    return outbound
        .send(first, timeout)
        .thenCompose(
            outcome -> {
              if (outcome.status() != null && outcome.status() == 401 && refreshed(style, job)) {
                OutgoingRequest again;
                try {
                  again = style.request(job.event(), job.endpoint(), Instant.now());
                } catch (Throwable t) {
                  return CompletableFuture.completedFuture(judge(style, job, first, outcome));
                }
                return outbound.send(again, timeout).thenApply(o -> judge(style, job, again, o));
              }
              return CompletableFuture.completedFuture(judge(style, job, first, outcome));
            });
  }

  private static boolean refreshed(DeliveryStyle style, DeliveryJob job) {
    try {
      return style.refreshCredentials(job.endpoint());
    } catch (Throwable t) {
      return false; // the 401 stands as this attempt's outcome
    }
  }

  /** A failed attempt with no response: the request was not built, or the attempt broke. */
  static AttemptResult failed(
      DeliveryJob job, OutgoingRequest request, FailureKind kind, String reason) {
    OutgoingRequest sent =
        request != null ? request : new OutgoingRequest(job.endpoint().url(), new byte[0]);
    return new AttemptResult(job, sent, HttpOutcome.failure(Instant.now(), 0, kind, reason), null);
  }

  private static AttemptResult failed(DeliveryJob job, OutgoingRequest request, Throwable ex) {
    return failed(
        job, request, FailureKind.CONNECTION, "the attempt failed: " + Failures.describe(ex));
  }

  private static AttemptResult judge(
      DeliveryStyle style, DeliveryJob job, OutgoingRequest req, HttpOutcome outcome) {
    String rejection = null;
    if (outcome.is2xx()) {
      try {
        Optional<String> why = style.rejectResponse(job.endpoint(), outcome);
        rejection = why.orElse(null);
      } catch (Throwable t) {
        rejection = "the response check failed: " + Failures.describe(t);
      }
      if (rejection != null) {
        outcome = outcome.judged(FailureKind.REJECTED_RESPONSE, null);
      }
    } else if (outcome.status() != null && outcome.error() == null) {
      String reason =
          outcome.status() >= 300 && outcome.status() < 400
              ? "redirects are not followed: HTTP " + outcome.status()
              : "HTTP " + outcome.status();
      outcome = outcome.judged(FailureKind.HTTP_STATUS, reason);
    }
    return new AttemptResult(job, req, outcome, rejection);
  }
}
