package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's rate limit holds where requests leave, not only where jobs are admitted: jobs
 * admitted at the end of one second and started at the beginning of the next wait for a second with
 * room.
 */
class RateAtSendTest {
  @Test
  void atMostTheRateIsSentInAnySecondAndTheRestWaitsForTheNext() {
    Throttle.EndpointGate gate = new Throttle.EndpointGate();
    Instant t = Instant.parse("2026-12-03T10:00:05.250Z");
    assertEquals(0, gate.sendWait(2, t));
    assertEquals(0, gate.sendWait(2, t.plusMillis(100)));
    assertEquals(650, gate.sendWait(2, t.plusMillis(100)), "the third waits for 10:00:06");
    Instant next = Instant.parse("2026-12-03T10:00:06.001Z");
    assertEquals(0, gate.sendWait(2, next));
    assertEquals(0, gate.sendWait(2, next));
    assertEquals(999, gate.sendWait(2, next));
    assertEquals(1, gate.sendWait(2, Instant.parse("2026-12-03T10:00:06.9999Z")), "at least 1 ms");
  }
}
