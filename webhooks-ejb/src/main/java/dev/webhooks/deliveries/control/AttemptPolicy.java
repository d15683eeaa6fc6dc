package dev.webhooks.deliveries.control;

import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What one failed or succeeded attempt means for its delivery and its endpoint: a plain class, no
 * container, no database, so every rule is unit-tested ({@code AttemptPolicyTest}). Storage applies
 * the decision; this class only decides.
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>A success (2xx, and the style accepted the response) succeeds the delivery and clears the
 *       endpoint's failure count and breaker.
 *   <li>Any failure counts against the endpoint; at {@code breakerThreshold} consecutive failures
 *       its breaker opens for {@code breakerCooldown}.
 *   <li>410 Gone, as the style reads it ({@link DeliveryStyle.Gone}): the endpoint is gone (it is
 *       disabled and the delivery held: nothing owed is dropped), or this delivery is refused (it
 *       fails and nothing else is held), or it is any failure (the rules below).
 *   <li>An enabled endpoint that has failed with no success for its style's disable period is
 *       disabled, and the delivery held.
 *   <li>Otherwise the retry policy plans the next attempt (429 and 503 with {@code Retry-After} in
 *       seconds or as an HTTP date replace the planned delay, never beyond the policy's window); no
 *       next attempt fails the delivery.
 * </ol>
 */
public final class AttemptPolicy {

  /** The operator's settings the policy uses. */
  public record Limits(int breakerThreshold, Duration breakerCooldown, double timeScale) {}

  /** The delivery as it stands after the attempt was counted. */
  public record DeliveryState(int attempts, Integer attemptLimit, Instant firstAttemptAt) {}

  /** The endpoint's health as it stands before this attempt's outcome is counted. */
  public record EndpointHealth(int consecutiveFailures, Instant failingSince, boolean enabled) {}

  /** How the style reads a 410, and after how long of failing it disables an endpoint. */
  public record StyleRules(DeliveryStyle.Gone gone, Optional<Duration> disableAfter) {}

  /** What becomes of the delivery. */
  public enum Verdict {
    SUCCEED,
    RETRY,
    FAIL,
    HOLD
  }

  /** Why an endpoint is disabled: a 410, or failing with no success for too long. */
  public enum DisableCause {
    GONE,
    FAILING_TOO_LONG
  }

  /** The endpoint is disabled: why, and the reason shown to its owner. */
  public record Disable(DisableCause cause, String reason) {}

  /**
   * The decision: the delivery's verdict (with the retry time for {@code RETRY}), whether the
   * endpoint's breaker opens (until when), and whether the endpoint is disabled.
   */
  public record Decision(
      Verdict verdict,
      Optional<Instant> retryAt,
      Optional<Instant> breakerOpenUntil,
      Optional<Disable> disable) {
    static Decision of(Verdict v) {
      return new Decision(v, Optional.empty(), Optional.empty(), Optional.empty());
    }

    Decision withBreaker(Optional<Instant> until) {
      return new Decision(verdict, retryAt, until, disable);
    }
  }

  private AttemptPolicy() {}

  /**
   * Decides what one attempt's outcome means.
   *
   * @param succeeded a 2xx the style accepted
   * @param random01 a random number in [0, 1) for the retry policy's jitter
   */
  public static Decision decide(
      boolean succeeded,
      HttpOutcome outcome,
      DeliveryState delivery,
      EndpointHealth health,
      RetryPolicy policy,
      StyleRules style,
      Limits limits,
      Instant now,
      double random01) {
    if (succeeded) {
      return Decision.of(Verdict.SUCCEED);
    }
    int failures = health.consecutiveFailures() + 1;
    Instant failingSince = health.failingSince() == null ? now : health.failingSince();
    Optional<Instant> breaker =
        failures >= limits.breakerThreshold()
            ? Optional.of(now.plus(limits.breakerCooldown()))
            : Optional.empty();
    Integer status = outcome.status();
    if (status != null && status == 410) {
      switch (style.gone()) {
        case ENDPOINT_GONE -> {
          return new Decision(
              Verdict.HOLD,
              Optional.empty(),
              breaker,
              Optional.of(new Disable(DisableCause.GONE, "the receiver answered 410 Gone")));
        }
        case DELIVERY_REFUSED -> {
          return Decision.of(Verdict.FAIL).withBreaker(breaker);
        }
        case ANY_FAILURE -> {
          // on to the rules of any failure
        }
      }
    }
    if (health.enabled() && style.disableAfter().isPresent()) {
      Duration period = scaled(style.disableAfter().get(), limits.timeScale());
      if (!failingSince.plus(period).isAfter(now)) {
        return new Decision(
            Verdict.HOLD,
            Optional.empty(),
            breaker,
            Optional.of(
                new Disable(
                    DisableCause.FAILING_TOO_LONG,
                    "failing with no success since "
                        + failingSince
                        + "; enable it to release held deliveries")));
      }
    }
    if (delivery.attemptLimit() != null && delivery.attempts() >= delivery.attemptLimit()) {
      return Decision.of(Verdict.FAIL).withBreaker(breaker);
    }
    Optional<Double> retryAfter = Optional.empty();
    if (status != null && (status == 429 || status == 503)) {
      retryAfter = outcome.header("Retry-After").flatMap(v -> retryAfterSeconds(v, now));
    }
    Optional<Instant> next =
        policy.plan(
            delivery.attempts(),
            delivery.firstAttemptAt(),
            now,
            retryAfter,
            limits.timeScale(),
            random01);
    return next.map(at -> new Decision(Verdict.RETRY, Optional.of(at), breaker, Optional.empty()))
        .orElseGet(() -> Decision.of(Verdict.FAIL).withBreaker(breaker));
  }

  /** Retry-After as delay-seconds or an HTTP date; empty if it is neither. */
  public static Optional<Double> retryAfterSeconds(String value, Instant now) {
    String v = value.trim();
    try {
      return Optional.of(Math.max(0, Double.parseDouble(v)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(Math.max(0, Duration.between(now, at).toMillis() / 1000.0));
      } catch (RuntimeException e2) {
        return Optional.empty();
      }
    }
  }

  static Duration scaled(Duration d, double timeScale) {
    return Duration.ofMillis((long) (d.toMillis() * timeScale));
  }
}
