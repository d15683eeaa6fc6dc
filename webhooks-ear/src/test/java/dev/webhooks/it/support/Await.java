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

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
