package dev.webhooks.deliveries.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;

class EventTest {
  /**
   * The first attempt is built from the event as created, later ones from its row: the timestamp in
   * the payload must survive PostgreSQL's microseconds.
   */
  @RepeatedTest(20)
  void anEventsTimeIsKeptToTheMicrosecondThatEveryDatabaseStores() {
    Event e = new Event("01a23e2b-ab4f-709e-9a4c-a684c97400fc", 1L, "t", "{}", null, null);
    assertEquals(0, e.createdAt().getNano() % 1000, e.createdAt().toString());
  }
}
