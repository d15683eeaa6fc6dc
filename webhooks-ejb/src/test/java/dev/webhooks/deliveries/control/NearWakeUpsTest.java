package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearWakeUpsTest {
  @Test
  void pollsOnlyWhatIsDueEarliestFirstAndKeepsTheRest() {
    NearWakeUps w = new NearWakeUps(10);
    w.add(300, 3L);
    w.add(100, 1L);
    w.add(200, 2L);
    w.add(100, 4L);
    assertEquals(List.of(), w.pollDue(99));
    assertEquals(List.of(1L, 4L, 2L), w.pollDue(200));
    assertEquals(1, w.size());
    assertEquals(List.of(3L), w.pollDue(1_000));
  }

  @Test
  void refusesBeyondItsCapacity() {
    NearWakeUps w = new NearWakeUps(1);
    w.add(1, 1L);
    assertFalse(w.add(2, 2L));
  }
}
