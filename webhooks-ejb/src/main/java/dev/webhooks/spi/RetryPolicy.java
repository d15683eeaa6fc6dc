package dev.webhooks.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again. Either an explicit list of delays ({@code {"delays": [5,
 * 300]}}, seconds before the 2nd, 3rd, ... attempt) or an exponential schedule ({@code
 * initialDelay}, {@code multiplier}, {@code maxDelay}, {@code maxAttempts}, {@code maxWindow}).
 * Delays are in seconds of the policy's own clock; the planner applies jitter and the operator's
 * time scale.
 */
public record RetryPolicy(
    List<Double> delays,
    double initialDelay,
    double multiplier,
    double maxDelay,
    int maxAttempts,
    Double maxWindow,
    double jitter) {

  /**
   * The Standard Webhooks / Svix schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  public static final RetryPolicy STANDARD =
      ofDelays(List.of(5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0), 0.1);

  public static final int MAX_ATTEMPTS_LIMIT = 100;
  public static final double MAX_DELAY_SECONDS = 7 * 86400;

  public static RetryPolicy ofDelays(List<Double> delays, double jitter) {
    return new RetryPolicy(List.copyOf(delays), 0, 1, 0, delays.size() + 1, null, jitter);
  }

  public static RetryPolicy exponential(
      double initialDelay, double multiplier, double maxDelay, int maxAttempts, Double maxWindow) {
    return new RetryPolicy(null, initialDelay, multiplier, maxDelay, maxAttempts, maxWindow, 0);
  }

  /** No retries at all: one attempt decides (used for synchronous tests). */
  public static RetryPolicy once() {
    return ofDelays(List.of(), 0);
  }

  public boolean isDelayList() {
    return delays != null;
  }

  /**
   * The delay (policy seconds, before jitter and scaling) to wait after attempt {@code
   * attemptsMade} failed, or empty when the policy allows no further attempt.
   */
  public Optional<Double> delayAfter(int attemptsMade) {
    if (attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    if (isDelayList()) {
      return Optional.of(delays.get(attemptsMade - 1));
    }
    double d = initialDelay * Math.pow(multiplier, attemptsMade - 1);
    return Optional.of(Math.min(d, maxDelay));
  }

  /**
   * The longest time after the first attempt at which an attempt may still be made (policy
   * seconds). For a delay list it is the whole schedule including jitter; for an exponential
   * schedule {@code maxWindow} if given.
   */
  public double windowSeconds() {
    if (maxWindow != null) {
      return maxWindow;
    }
    double sum = 0;
    for (int n = 1; n < maxAttempts; n++) {
      sum += delayAfter(n).orElse(0.0);
    }
    return sum * (1 + jitter);
  }

  /**
   * When to make the next attempt after {@code attemptsMade} attempts, the last of which failed at
   * {@code now}; empty when the policy is exhausted or the next attempt would fall outside its
   * window. A receiver's {@code Retry-After} (policy seconds) replaces the planned delay but never
   * extends the window.
   *
   * @param random01 a random number in [0, 1) for jitter
   */
  public Optional<Instant> plan(
      int attemptsMade,
      Instant firstAttemptAt,
      Instant now,
      Optional<Double> retryAfterSeconds,
      double timeScale,
      double random01) {
    Optional<Double> base = delayAfter(attemptsMade);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    double seconds = retryAfterSeconds.orElse(base.get() * (1 + jitter * random01));
    Instant at = now.plusMillis((long) (seconds * 1000 * timeScale));
    Instant deadline = firstAttemptAt.plus(window(timeScale));
    if (at.isAfter(deadline) && (retryAfterSeconds.isPresent() || maxWindow != null)) {
      return Optional.empty();
    }
    return Optional.of(at);
  }

  public Duration window(double timeScale) {
    return Duration.ofMillis((long) (windowSeconds() * 1000 * timeScale));
  }
}
