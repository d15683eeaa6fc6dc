package dev.webhooks.deliveries.control;

import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.LimitExceeded;
import dev.webhooks.spi.Outbound;
import dev.webhooks.spi.OutgoingRequest;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Makes one attempt of a claimed delivery: lets its style build the request, sends it without
 * blocking, and judges the response with the style. Which attempts are made, and when, is the
 * {@link Dispatcher}'s business.
 */
@ApplicationScoped
public class DeliveryWorker {
  /**
   * Where a tenant's response validators run (not the HTTP client's I/O threads); null in unit
   * tests, which judge in place.
   */
  @Resource(lookup = "concurrent/webhooks/AttemptExecutor")
  ManagedExecutorService judging;

  /** The operator's caps on request timeouts; null in unit tests (no cap). */
  @Inject Settings settings;

  @Inject DeliveryStyles styles;
  @Inject Outbound outbound;

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
    return attempt.handle((r, ex) -> r != null ? r : failed(job, ex));
  }

  private CompletableFuture<AttemptResult> unguardedAttempt(DeliveryJob job) {
    DeliveryStyle style = styles.of(job.endpoint().kind());
    Duration timeout = timeout(style, job);
    return build(style, job)
        .thenCompose(
            first -> {
              if (first.failure() != null) {
                return CompletableFuture.completedFuture(first.failure());
              }
              return outbound
                  .send(job.endpoint().tenantId(), first.request(), timeout)
                  .thenCompose(
                      outcome -> {
                        if (outcome.status() != null
                            && outcome.status() == 401
                            && refreshed(style, job)) {
                          return build(style, job)
                              .thenCompose(
                                  again ->
                                      again.failure() != null
                                          // the 401 stands as this attempt's outcome
                                          ? judged(style, job, first.request(), outcome)
                                          : outbound
                                              .send(
                                                  job.endpoint().tenantId(),
                                                  again.request(),
                                                  timeout)
                                              .thenCompose(
                                                  o -> judged(style, job, again.request(), o)));
                        }
                        return judged(style, job, first.request(), outcome);
                      });
            });
  }

  /**
   * The attempt's result from the response: judged where it arrived, unless the style examines
   * responses (a tenant's validators), which then runs on the attempt executor.
   */
  private CompletableFuture<AttemptResult> judged(
      DeliveryStyle style, DeliveryJob job, OutgoingRequest req, HttpOutcome outcome) {
    boolean examines;
    try {
      examines = outcome.is2xx() && judging != null && style.examinesResponses(job.endpoint());
    } catch (Throwable t) {
      examines = false; // rejectResponse then fails on its own, with the reason
    }
    return examines
        ? CompletableFuture.supplyAsync(() -> judge(style, job, req, outcome), judging)
        : CompletableFuture.completedFuture(judge(style, job, req, outcome));
  }

  /**
   * The endpoint's timeout, within the operator's cap: {@code WEBHOOKS_MAX_REQUEST_TIMEOUT}, or for
   * Intuned API runs (browser automations that may take many minutes) {@code
   * WEBHOOKS_MAX_API_RUN_TIMEOUT}. A request in flight holds one of its tenant's slots for as long
   * as this.
   */
  Duration timeout(DeliveryStyle style, DeliveryJob job) {
    Duration wanted = style.timeout(job.endpoint());
    if (settings == null) {
      return wanted;
    }
    Duration cap =
        job.endpoint().kind() == EndpointKind.INTUNED_API
            ? settings.maxApiRunTimeout()
            : settings.maxRequestTimeout();
    return wanted.compareTo(cap) > 0 ? cap : wanted;
  }

  /** A built request, or the failed attempt that building it ended in. */
  private record Built(OutgoingRequest request, AttemptResult failure) {}

  /**
   * Builds the request without blocking: whatever the style throws, now or later, becomes the
   * attempt's failure (a budget it went over fails with {@link FailureKind#LIMIT}).
   */
  private static CompletableFuture<Built> build(DeliveryStyle style, DeliveryJob job) {
    CompletableFuture<OutgoingRequest> request;
    try {
      request = style.requestAsync(job.event(), job.endpoint(), Instant.now());
    } catch (Throwable t) {
      request = CompletableFuture.failedFuture(t);
    }
    return request.handle(
        (r, t) -> {
          if (t == null) {
            return new Built(r, null);
          }
          Throwable cause = Failures.unwrap(t);
          return new Built(
              null,
              cause instanceof LimitExceeded
                  ? failed(job, null, FailureKind.LIMIT, cause.getMessage())
                  : failed(
                      job,
                      null,
                      FailureKind.INVALID_REQUEST,
                      "the request could not be built: " + Failures.describe(cause)));
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

  /** A failed attempt that broke with {@code ex} before it had a result. */
  static AttemptResult failed(DeliveryJob job, Throwable ex) {
    return failed(
        job, null, FailureKind.CONNECTION, "the attempt failed: " + Failures.describe(ex));
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
