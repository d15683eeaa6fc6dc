package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.Receiver;
import dev.webhooks.it.support.Receiver.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A retry that is due while the server is down is sent after it starts again. */
class RestartIT {

  static void server(String action) throws Exception {
    Path wlp = Path.of(System.getProperty("it.wlpDir"));
    Process p =
        new ProcessBuilder(wlp.resolve("bin/server").toString(), action, "webhooks-it")
            .inheritIO()
            .start();
    if (p.waitFor() != 0 && !action.equals("stop")) {
      throw new AssertionError("server " + action + " failed");
    }
  }

  @Test
  void pendingRetrySurvivesARestart() throws Exception {
    try (Receiver receiver = new Receiver()) {
      receiver.script("/restart", Reply.status(500), Reply.status(204));
      Api api = Api.newTenant("restart-it-" + UUID.randomUUID());
      // 1000 policy seconds = 10 s at the IT time scale: the retry falls due while the server is
      // down.
      String ep =
          api.post(
                  "/api/endpoints",
                  "{\"url\":\""
                      + receiver.url("/restart")
                      + "\",\"retryPolicy\":{\"delays\":[1000]}}")
              .expect(201)
              .json()
              .getString("id");
      String eventId =
          api.post("/api/events", "{\"type\":\"t\",\"data\":{}}")
              .expect(202)
              .json()
              .getString("id");
      receiver.await("/restart", 1, DeliveryIT.WAIT);
      Await.until(
          () ->
              api.get("/api/deliveries?endpointId=" + ep + "&status=pending")
                      .json()
                      .getJsonArray("data")
                      .size()
                  == 1,
          DeliveryIT.WAIT,
          "the retry to be pending");
      server("stop");
      server("start");
      Await.until(
          () -> Api.anonymous("/health/ready").status() == 200, Duration.ofSeconds(120), "ready");
      receiver.await("/restart", 2, Duration.ofSeconds(90));
      assertEquals(eventId, receiver.at("/restart").get(1).header("webhook-id"));
      Await.until(
          () ->
              api.get("/api/deliveries?endpointId=" + ep + "&status=succeeded")
                      .json()
                      .getJsonArray("data")
                      .size()
                  == 1,
          DeliveryIT.WAIT,
          "the delivery to succeed after the restart");
    }
  }
}
