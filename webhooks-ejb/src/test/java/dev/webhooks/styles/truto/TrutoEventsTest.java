package dev.webhooks.styles.truto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Truto's timestamps always carry milliseconds, where {@code Instant.toString} drops zeros. */
class TrutoEventsTest {
  @Test
  void timestampsAlwaysHaveThreeDigitsOfMilliseconds() {
    assertEquals(
        "2026-12-03T10:00:00.000Z", TrutoEvents.timestamp(Instant.parse("2026-12-03T10:00:00Z")));
    assertEquals(
        "2026-12-03T10:00:00.120Z",
        TrutoEvents.timestamp(Instant.parse("2026-12-03T10:00:00.12Z")));
    assertEquals(
        "2026-12-03T10:00:00.123Z",
        TrutoEvents.timestamp(Instant.parse("2026-12-03T10:00:00.123456Z")));
  }
}
