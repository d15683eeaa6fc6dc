package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private static final long T0 = 1_000_000L;
  private static final long STALE = Heartbeat.STALE_AFTER.toMillis();

  @Test
  void aLoopWithWorkWaitingIsStalledOnlyAfterThirtySecondsWithoutABeat() {
    Heartbeat h = new Heartbeat("claim pump", T0);
    assertFalse(h.stalled(T0 + STALE, true), "exactly 30 s is not yet stale");
    assertTrue(h.stalled(T0 + STALE + 1, true));
  }

  @Test
  void aLoopWithNothingToDoIsNeverStalled() {
    Heartbeat h = new Heartbeat("claim pump", T0);
    assertFalse(h.stalled(T0 + 10 * STALE, false));
  }

  @Test
  void aBeatResetsTheClock() {
    Heartbeat h = new Heartbeat("attempt recorder", T0);
    h.beat(T0 + STALE);
    assertFalse(h.stalled(T0 + 2 * STALE, true));
    assertTrue(h.stalled(T0 + 2 * STALE + 1, true));
  }
}
