package dev.webhooks.it.restarting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a stop or a crash leaves: a retry due while the server is down is sent after it starts
 * again, and a delivery in flight when the process is killed is released at start (not after its
 * 15-minute lease) and sent again with the same webhook-id.
 */
class RestartIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @AfterAll
  static void restore() throws Exception {
    ItServer.restore();
  }

  @Test
  void pendingRetrySurvivesARestart() throws Exception {
    try (Receiver receiver = new Receiver()) {
      receiver.script("/restart", Reply.status(500), Reply.status(204));
      Api api = Api.newTenant("restart-it-" + UUID.randomUUID());
      // 1000 policy seconds = 10 s at the IT time scale: the retry falls due while the server is
      // down.
      String ep =
          api.createEndpoint(receiver.url("/restart"), "\"retryPolicy\":{\"delays\":[1000]}")
              .getString("id");
      String eventId =
          api.post("/api/events", "{\"type\":\"t\",\"data\":{}}")
              .expect(202)
              .json()
              .getString("id");
      receiver.await("/restart", 1, WAIT);
      Await.until(() -> api.deliveries(ep, "pending").size() == 1, WAIT, "the retry to be pending");
      ItServer.stop();
      ItServer.start();
      receiver.await("/restart", 2, Duration.ofSeconds(90));
      assertEquals(eventId, receiver.at("/restart").get(1).header("webhook-id"));
      Await.until(
          () -> api.deliveries(ep, "succeeded").size() == 1,
          WAIT,
          "the delivery to succeed after the restart");
    }
  }

  @Test
  void aDeliveryInFlightWhenTheServerIsKilledIsSentAgainAfterStart() throws Exception {
    try (Receiver receiver = new Receiver()) {
      // The first request is never answered before the kill; the second is.
      receiver.script(
          "/crash", Reply.status(204).after(Duration.ofSeconds(300)), Reply.status(204));
      Api api = Api.newTenant("crash-it-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(receiver.url("/crash"), "\"timeoutSeconds\":60").getString("id");
      String eventId =
          api.post("/api/events", "{\"type\":\"crash\",\"data\":{\"n\":1}}")
              .expect(202)
              .json()
              .getString("id");
      receiver.await("/crash", 1, WAIT);

      ItServer.kill();
      ItServer.start();
      Instant ready = Instant.now();

      // Released at start: far sooner than the claim's 15-minute lease would allow.
      receiver.await("/crash", 2, WAIT);
      Receiver.Received again = receiver.at("/crash").get(1);
      assertTrue(
          Duration.between(ready, again.at()).compareTo(WAIT) < 0,
          "sent again " + Duration.between(ready, again.at()) + " after the server was ready");
      assertEquals(eventId, again.header("webhook-id"), "the same webhook-id, for deduplication");
      assertEquals(receiver.at("/crash").get(0).bodyText(), again.bodyText(), "the same payload");
      Await.until(
          () -> api.deliveries(ep, "succeeded").size() == 1,
          WAIT,
          "the delivery to succeed after the crash");
      JsonObject d = api.deliveries(ep, "succeeded").getJsonObject(0);
      JsonObject full = api.get("/api/deliveries/" + d.getString("id")).expect(200).json();
      // The attempt cut off by the kill was never answered, so never recorded: one attempt.
      assertEquals(1, full.getJsonArray("attempts").size(), full.toString());
      assertEquals(2, receiver.at("/crash").size(), "sent exactly twice");
    }
  }
}
