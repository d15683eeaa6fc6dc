package dev.webhooks.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The retention purge's schedule: daily at 03:17 unless the operator says otherwise. */
class SettingsTest {
  private static String[] schedule(String value) {
    Settings s = new Settings();
    s.retentionSchedule = value;
    return s.retentionSchedule();
  }

  @Test
  void theDefaultIsDailyAtSeventeenPastThree() {
    assertArrayEquals(new String[] {"0", "17", "3"}, schedule(Settings.DEFAULT_RETENTION_SCHEDULE));
  }

  @Test
  void anOperatorsScheduleIsUsedAsGiven() {
    assertArrayEquals(new String[] {"0", "0", "*"}, schedule("0 0 *"));
    assertArrayEquals(new String[] {"*/2", "*", "*"}, schedule("  */2   *  * "));
    assertArrayEquals(new String[] {"30", "0,30", "1-5"}, schedule("30 0,30 1-5"));
  }

  @Test
  void anythingElseFallsBackToTheDefault() {
    String[] daily = {"0", "17", "3"};
    assertArrayEquals(daily, schedule(null));
    assertArrayEquals(daily, schedule(""));
    assertArrayEquals(daily, schedule("0 17"));
    assertArrayEquals(daily, schedule("0 17 3 *"));
    assertArrayEquals(daily, schedule("0 17 three"));
    assertArrayEquals(daily, schedule("0; DROP 3"));
  }
}
