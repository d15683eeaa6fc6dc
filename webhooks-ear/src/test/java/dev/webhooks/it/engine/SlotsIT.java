package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.tools.Receiver;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's slots, on the real dispatcher: a receiver that holds every request gets at most
 * {@code WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT} (32 on the test server) at once; claimed deliveries
 * beyond them wait in memory (1,000 per endpoint), the rest as WAITING_FOR_SLOT rows, which the API
 * shows as {@code queued}. Other endpoints are not held up, and once the receiver answers every
 * delivery arrives, each once.
 */
class SlotsIT {
  static final int SLOTS = 32;
  static final int HELD_IN_MEMORY = 1000;
  static final int EVENTS = 1200;

  private final Receiver receiver = new Receiver();
  private final CountDownLatch answer = new CountDownLatch(1);

  @AfterEach
  void stop() {
    answer.countDown();
    receiver.close();
  }

  @Test
  void anEndpointThatHoldsEveryRequestGetsOnlyItsSlotsAndTheRestWaitsInOrder() {
    receiver.handler(
        "/slow",
        r -> {
          try {
            answer.await(50, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Receiver.Reply.status(204);
        });
    Api owner = Api.newTenant("slots-" + UUID.randomUUID());
    String slow =
        owner.createEndpoint(receiver.url("/slow"), "\"timeoutSeconds\":60").getString("id");
    Api neighbour = Api.newTenant("slots-neighbour-" + UUID.randomUUID());
    neighbour.createEndpoint(receiver.url("/fast"), "");

    for (int batch = 0; batch < 2; batch++) {
      StringBuilder events = new StringBuilder("{\"events\":[");
      for (int i = 0; i < EVENTS / 2; i++) {
        events
            .append(i == 0 ? "" : ",")
            .append("{\"type\":\"slot.test\",\"data\":{\"n\":")
            .append(batch * (EVENTS / 2) + i)
            .append("}}");
      }
      owner.post("/api/events/batch", events.append("]}").toString()).expect(202);
    }

    receiver.await("/slow", SLOTS, Duration.ofSeconds(30));
    Await.until(
        () -> owner.deliveries(slow, "queued").size() == EVENTS - SLOTS - HELD_IN_MEMORY,
        Duration.ofSeconds(30),
        "the deliveries beyond the slots and the in-memory hold waiting for a slot, shown queued");
    Await.holds(
        () -> receiver.at("/slow").size() == SLOTS,
        Duration.ofSeconds(2),
        "no more than the endpoint's slots in flight to it");

    // Another tenant's endpoint is not held up by the full one.
    neighbour.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
    receiver.await("/fast", 1, Duration.ofSeconds(10));

    answer.countDown();
    receiver.await("/slow", EVENTS, Duration.ofSeconds(120));
    Await.until(
        () -> owner.deliveries(slow, "queued").isEmpty(),
        Duration.ofSeconds(30),
        "nothing left waiting for a slot");
    Set<String> ids = new HashSet<>();
    for (Receiver.Received r : receiver.at("/slow")) {
      ids.add(r.header("webhook-id"));
    }
    assertEquals(EVENTS, ids.size(), "every event arrived");
    assertEquals(EVENTS, receiver.at("/slow").size(), "each once");
  }
}
