package dev.webhooks.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void version7UuidsSortByCreationTimeAndDoNotRepeat() {
    String first = Ids.timeOrderedUuid();
    long millis0 = System.currentTimeMillis();
    while (System.currentTimeMillis() <= millis0) {
      Thread.onSpinWait(); // the next millisecond, so the two ids differ in their time part
    }
    String second = Ids.timeOrderedUuid();
    assertTrue(first.compareTo(second) < 0, first + " sorts before " + second);
    UUID u = UUID.fromString(second);
    assertEquals(7, u.version());
    assertEquals(2, u.variant());
    long millis = u.getMostSignificantBits() >>> 16;
    assertTrue(Math.abs(System.currentTimeMillis() - millis) < 5_000);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(Ids.timeOrderedUuid()));
    }
  }
}
