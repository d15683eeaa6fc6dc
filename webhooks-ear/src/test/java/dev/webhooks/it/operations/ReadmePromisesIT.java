package dev.webhooks.it.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Promises of the README's operations and guarantees sections, each checked as behaviour. */
class ReadmePromisesIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("promises-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String endpoint(String path, String extra) {
    return api.createEndpoint(receiver.url(path), extra).getString("id");
  }

  private void send() {
    api.post("/api/events", "{\"type\":\"order.paid\",\"data\":{\"n\":1}}").expect(202);
  }

  private JsonObject onlyDelivery(String endpointId, String status) {
    return Await.value(
        () -> {
          var data =
              api.get("/api/deliveries?endpointId=" + endpointId + "&status=" + status)
                  .json()
                  .getJsonArray("data");
          return data.size() == 1 ? data.getJsonObject(0) : null;
        },
        d -> d != null,
        WAIT,
        "one " + status + " delivery of " + endpointId);
  }

  @Test
  void livenessIsUpAndTheDocumentedMetricsCountADelivery() {
    endpoint("/metrics", "");
    send();
    receiver.await("/metrics", 1, WAIT);
    Api.Resp live = Api.anonymous("/health/live");
    assertEquals(200, live.status(), live.body());
    assertEquals("UP", live.json().getString("status"));
    String metrics =
        Await.value(
            () -> Api.anonymous("/metrics?scope=application").body(),
            m -> m.contains("webhooks_deliveries_finished_total"),
            WAIT,
            "the finished-delivery counter");
    for (String name :
        List.of(
            "webhooks_events_accepted_total",
            "webhooks_attempts_total{",
            "outcome=\"success\"",
            "webhooks_deliveries_finished_total{",
            "status=\"succeeded\"",
            "webhooks_delivery_latency_ms")) {
      assertTrue(metrics.contains(name), name + " in:\n" + metrics);
    }
  }

  @Test
  void theGeneratedSecretKeyFileIsReadableByItsOwnerOnly() throws Exception {
    // On PostgreSQL the key must be set (the same on every member), so none is generated.
    org.junit.jupiter.api.Assumptions.assumeFalse(
        dev.webhooks.it.support.ItServer.postgresql(), "a generated key (Derby only)");
    Path key = Path.of(System.getProperty("it.serverDir")).resolve("webhooks-secret.key");
    assertTrue(Files.exists(key), key + " exists");
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(key));
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    // 150 s from now on the policy clock is 1.5 s at the IT time scale; the policy's own delay is
    // 10 ms. An HTTP date has whole seconds, so the wait is between 140 and 150 policy seconds.
    String at =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(150));
    receiver.script("/dated", Reply.status(503).withHeader("Retry-After", at), Reply.status(204));
    String id = endpoint("/dated", "\"retryPolicy\":{\"delays\":[1,1000]}");
    send();
    List<Receiver.Received> got = receiver.await("/dated", 2, WAIT);
    long gapMs = Duration.between(got.get(0).at(), got.get(1).at()).toMillis();
    assertTrue(gapMs >= 1200, "waited for the Retry-After date, gap " + gapMs + " ms");
    onlyDelivery(id, "succeeded");
  }

  @Test
  void anInactiveEndpointHoldsItsDeliveriesUntilActive() {
    String id = endpoint("/inactive", "\"active\":false");
    send();
    JsonObject held = onlyDelivery(id, "held");
    assertEquals(0, held.getInt("attemptCount"));
    assertEquals(0, receiver.at("/inactive").size(), "nothing sent while inactive");
    api.patch("/api/endpoints/" + id, "{\"active\":true}").expect(200);
    receiver.await("/inactive", 1, WAIT);
    onlyDelivery(id, "succeeded");
  }
}
