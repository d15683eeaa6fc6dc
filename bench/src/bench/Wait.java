package bench;

import java.util.function.BooleanSupplier;

/** Bounded polling: every wait in the harness has a deadline, so no scenario can hang the suite. */
final class Wait {
  private Wait() {}

  /**
   * Polls {@code done} every {@code pollMillis} until it holds (true) or {@code seconds} pass
   * (false).
   */
  static boolean until(BooleanSupplier done, double seconds, long pollMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(pollMillis);
    }
    return true;
  }

  /** Waits until the group has seen at least {@code expected} distinct deliveries. */
  static boolean forDeliveries(Recorder.Group group, long expected, double seconds)
      throws InterruptedException {
    return until(() -> group.distinct() >= expected, seconds, 50);
  }
}
