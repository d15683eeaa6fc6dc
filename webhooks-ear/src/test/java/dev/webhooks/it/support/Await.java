package dev.webhooks.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition with a deadline instead of sleeping a fixed time. */
public final class Await {
  private Await() {}

  public static void until(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      pause();
    }
    if (!condition.getAsBoolean()) {
      throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
  }

  /** Polls {@code supplier} until {@code accept} holds for its value, and returns that value. */
  public static <T> T value(
      Supplier<T> supplier, java.util.function.Predicate<T> accept, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = supplier.get();
      if (accept.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting for " + what + "; last: " + last);
  }

  /**
   * Checks that {@code condition} holds at every poll for the whole of {@code period}: how a test
   * proves that something does not happen (a paused schedule does not fire) for as long as it would
   * have taken to happen.
   */
  public static void holds(BooleanSupplier condition, Duration period, String what) {
    long end = System.nanoTime() + period.toNanos();
    do {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("did not hold for " + period + ": " + what);
      }
      pause();
    } while (System.nanoTime() < end);
    if (!condition.getAsBoolean()) {
      throw new AssertionError("did not hold for " + period + ": " + what);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
