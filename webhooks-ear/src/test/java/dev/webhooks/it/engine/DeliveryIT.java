package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery engine end to end on the real server: REST ingest, JMS-free paths, retries under the
 * time scale (the IT server runs with WEBHOOKS_RETRY_TIME_SCALE=0.01: policy seconds are 10 ms),
 * and the attempt log.
 */
class DeliveryIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("delivery-it-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonObject endpoint(String path, String extra) {
    return api.createEndpoint(receiver.url(path), extra);
  }

  private String send(String type, String data) {
    return api.post("/api/events", "{\"type\":\"" + type + "\",\"data\":" + data + "}")
        .expect(202)
        .json()
        .getString("id");
  }

  private int fanOut(String type) {
    return api.post("/api/events", "{\"type\":\"" + type + "\",\"data\":{}}")
        .expect(202)
        .json()
        .getInt("deliveries");
  }

  /**
   * Routing is cached per tenant (README, "Ingest"): every change to a subscription is seen by the
   * very next event, never one event late. Each event here goes right after the change's answer.
   */
  @Test
  void routingFollowsEachChangeToASubscriptionAtOnce() {
    assertEquals(0, fanOut("route.a"), "no subscription yet");
    String id = endpoint("/route", "\"eventTypes\":[\"route.a\"]").getString("id");
    assertEquals(1, fanOut("route.a"), "after create");
    api.patch("/api/endpoints/" + id, "{\"eventTypes\":[\"route.b\"]}").expect(200);
    assertEquals(0, fanOut("route.a"), "after the types changed");
    assertEquals(1, fanOut("route.b"), "the new type");
    String second = endpoint("/route2", "").getString("id");
    assertEquals(2, fanOut("route.b"), "after a second subscription to every type");
    api.delete("/api/endpoints/" + id).expect(204);
    assertEquals(1, fanOut("route.b"), "after the first was deleted");
    api.delete("/api/endpoints/" + second).expect(204);
    assertEquals(0, fanOut("route.b"), "after both were deleted");
  }

  private JsonObject onlyDelivery(String endpointId) {
    var list =
        api.get("/api/deliveries?endpointId=" + endpointId).expect(200).json().getJsonArray("data");
    assertEquals(1, list.size(), "deliveries of " + endpointId);
    return api.get("/api/deliveries/" + list.getJsonObject(0).getString("id")).expect(200).json();
  }

  private JsonObject deliveryWhen(String endpointId, String status) {
    return Await.value(
        () -> onlyDelivery(endpointId),
        d -> d.getString("status").equals(status),
        WAIT,
        "delivery of " + endpointId + " to be " + status);
  }

  @Test
  void restEventArrivesOnceSignedWithTheStandardHeadersAndBody() {
    JsonObject ep = endpoint("/a", "\"headers\":{\"X-Team\":\"billing\"}");
    String id = send("invoice.paid", "{\"amount\":42,\"text\":\"é\\\"<\"}");
    Receiver.Received r = receiver.await("/a", 1, WAIT).get(0);
    assertEquals(id, r.header("webhook-id"));
    assertNotNull(r.header("webhook-timestamp"));
    assertTrue(r.header("webhook-signature").startsWith("v1,"));
    assertTrue(r.header("content-type").startsWith("application/json"));
    assertEquals("billing", r.header("X-Team"));
    assertTrue(Signatures.valid(ep.getString("secret"), r), "signature verifies");
    assertTrue(
        Signatures.valid(
            api.get("/api/endpoints/" + ep.getString("id") + "/secret").json().getString("secret"),
            r));
    JsonObject body = JsonBodies.object(r.bodyText());
    assertEquals(id, body.getString("id"));
    assertEquals("invoice.paid", body.getString("type"));
    assertEquals(42, body.getJsonObject("data").getInt("amount"));
    assertEquals("é\"<", body.getJsonObject("data").getString("text"));
    assertNotNull(Instant.parse(body.getString("timestamp")));
    JsonObject d = deliveryWhen(ep.getString("id"), "succeeded");
    assertEquals(1, d.getJsonArray("attempts").size());
    // nothing is sent twice
    assertEquals(1, receiver.at("/a").size());
  }

  @Test
  void eventTypesFilterWhatAnEndpointReceives() {
    endpoint("/only-paid", "\"eventTypes\":[\"invoice.paid\"]");
    endpoint("/all", "");
    send("invoice.created", "{}");
    String paid = send("invoice.paid", "{}");
    receiver.await("/all", 2, WAIT);
    List<Receiver.Received> got = receiver.await("/only-paid", 1, WAIT);
    assertEquals(1, got.size());
    assertEquals(paid, got.get(0).header("webhook-id"));
  }

  @Test
  void batchIsAcceptedInOrderAndDelivered() {
    endpoint("/b", "");
    var ids =
        api.post(
                "/api/events/batch",
                "[{\"type\":\"t\",\"data\":{\"n\":1}},{\"type\":\"t\",\"data\":{\"n\":2}},"
                    + "{\"type\":\"t\",\"data\":{\"n\":3}}]")
            .expect(202)
            .json()
            .getJsonArray("ids");
    assertEquals(3, ids.size());
    List<Receiver.Received> got = receiver.await("/b", 3, WAIT);
    for (int i = 0; i < 3; i++) {
      String id = ids.getString(i);
      int n = i + 1;
      Receiver.Received r =
          got.stream().filter(x -> x.header("webhook-id").equals(id)).findFirst().orElseThrow();
      assertEquals(n, JsonBodies.object(r.bodyText()).getJsonObject("data").getInt("n"));
    }
  }

  @Test
  void batchIsAllOrNothing() {
    endpoint("/b2", "");
    var r =
        api.post("/api/events/batch", "[{\"type\":\"t\",\"data\":{}},{\"type\":5,\"data\":{}}]");
    r.expect(400);
    assertEquals("[1].type", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    var o =
        api.post(
            "/api/events/batch", "{\"events\":[{\"type\":\"t\",\"data\":{}},{\"type\":\"t\"}]}");
    o.expect(400);
    assertEquals(
        "events[1].data", o.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(0, api.get("/api/deliveries").json().getJsonArray("data").size());
  }

  @Test
  void serverErrorThenSuccessLogsTwoAttempts() {
    receiver.script("/flaky", Reply.status(500), Reply.status(200));
    JsonObject ep = endpoint("/flaky", "\"retryPolicy\":{\"delays\":[1,1]}");
    send("t", "{}");
    JsonObject d = deliveryWhen(ep.getString("id"), "succeeded");
    var attempts = d.getJsonArray("attempts");
    assertEquals(2, attempts.size());
    assertEquals(500, attempts.getJsonObject(0).getJsonObject("response").getInt("status"));
    assertEquals(false, attempts.getJsonObject(0).getBoolean("succeeded"));
    assertEquals(200, attempts.getJsonObject(1).getJsonObject("response").getInt("status"));
    // the same webhook-id on every attempt
    List<Receiver.Received> got = receiver.at("/flaky");
    assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"));
  }

  @Test
  void redirectIsAFailureAndIsNotFollowed() {
    receiver.script("/moved", Reply.status(302).withHeader("Location", receiver.url("/target")));
    JsonObject ep = endpoint("/moved", "\"retryPolicy\":{\"delays\":[]}");
    send("t", "{}");
    JsonObject d = deliveryWhen(ep.getString("id"), "failed");
    assertEquals(302, d.getInt("lastStatusCode"));
    assertTrue(d.getString("lastError").contains("redirect"));
    assertEquals(0, receiver.at("/target").size());
  }

  @Test
  void timeoutIsRetried() {
    receiver.script("/slow", Reply.status(200).after(Duration.ofSeconds(4)), Reply.status(200));
    JsonObject ep = endpoint("/slow", "\"timeoutSeconds\":1,\"retryPolicy\":{\"delays\":[1]}");
    send("t", "{}");
    JsonObject d = deliveryWhen(ep.getString("id"), "succeeded");
    var attempts = d.getJsonArray("attempts");
    assertEquals(2, attempts.size());
    assertTrue(attempts.getJsonObject(0).getString("error").contains("timed out"));
  }

  @Test
  void goneDisablesTheEndpointAndHoldsUntilReEnabled() {
    receiver.script("/gone", Reply.status(410), Reply.status(204));
    JsonObject ep = endpoint("/gone", "");
    String id = ep.getString("id");
    send("t", "{\"n\":1}");
    deliveryWhen(id, "held");
    assertEquals("disabled", api.get("/api/endpoints/" + id).json().getString("state"));
    // while disabled, new events are held too and nothing is sent
    send("t", "{\"n\":2}");
    Await.until(
        () ->
            api.get("/api/deliveries?endpointId=" + id + "&status=held")
                    .json()
                    .getJsonArray("data")
                    .size()
                == 2,
        WAIT,
        "both deliveries held");
    assertEquals(1, receiver.at("/gone").size());
    api.patch("/api/endpoints/" + id, "{\"active\":true}").expect(200);
    receiver.await("/gone", 3, WAIT);
    Await.until(
        () ->
            api.get("/api/deliveries?endpointId=" + id + "&status=succeeded")
                    .json()
                    .getJsonArray("data")
                    .size()
                == 2,
        WAIT,
        "both held deliveries sent after re-enabling");
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() {
    // Retry-After 150 s on the policy clock is 1.5 s at the IT time scale; the policy's own delay
    // is 10 ms.
    receiver.script("/busy", Reply.status(429).withHeader("Retry-After", "150"), Reply.status(204));
    JsonObject ep = endpoint("/busy", "\"retryPolicy\":{\"delays\":[1,1000]}");
    send("t", "{}");
    List<Receiver.Received> got = receiver.await("/busy", 2, WAIT);
    long gapMs = Duration.between(got.get(0).at(), got.get(1).at()).toMillis();
    assertTrue(gapMs >= 1400, "waited for Retry-After, gap " + gapMs + " ms");
    deliveryWhen(ep.getString("id"), "succeeded");
  }

  @Test
  void retryAfterBeyondThePolicyWindowFails() {
    receiver.script("/busy-long", Reply.status(503).withHeader("Retry-After", "100000"));
    JsonObject ep = endpoint("/busy-long", "\"retryPolicy\":{\"delays\":[1,1]}");
    send("t", "{}");
    JsonObject d = deliveryWhen(ep.getString("id"), "failed");
    assertEquals(1, d.getJsonArray("attempts").size());
  }

  @Test
  void retryScheduleFollowsThePolicyUnderTheTimeScale() {
    receiver.script("/down", Reply.status(500));
    // 100 and 200 policy seconds: 1 s and 2 s at the IT time scale of 0.01
    JsonObject ep = endpoint("/down", "\"retryPolicy\":{\"delays\":[100,200]}");
    send("t", "{}");
    JsonObject d = deliveryWhen(ep.getString("id"), "failed");
    var attempts = d.getJsonArray("attempts");
    assertEquals(3, attempts.size(), "1 + 2 retries, then failed");
    List<Receiver.Received> got = receiver.at("/down");
    assertEquals(3, got.size());
    long gap1 = Duration.between(got.get(0).at(), got.get(1).at()).toMillis();
    long gap2 = Duration.between(got.get(1).at(), got.get(2).at()).toMillis();
    // Never early; late by at most a few seconds on a loaded 2-core machine (a retry was measured
    // 2.1 s late with three builds sharing the cores). The schedule to the second is proven on the
    // real clock by RealClockAndNamesIT; this proves the policy's delays and the time scale.
    assertTrue(gap1 >= 950 && gap1 < 5000, "first retry after ~1 s, was " + gap1);
    assertTrue(gap2 >= 1950 && gap2 < 6000, "second retry after ~2 s, was " + gap2);
  }

  @Test
  void idempotencyKeyReturnsTheFirstEventAndCreatesNothing() {
    endpoint("/idem", "");
    String body =
        "{\"type\":\"t\",\"data\":{},\"idempotencyKey\":\"order-" + UUID.randomUUID() + "\"}";
    JsonObject first = api.post("/api/events", body).expect(202).json();
    JsonObject second = api.post("/api/events", body).expect(202).json();
    assertEquals(first.getString("id"), second.getString("id"));
    receiver.await("/idem", 1, WAIT);
    Await.until(
        () -> api.get("/api/deliveries").json().getJsonArray("data").size() == 1,
        WAIT,
        "exactly one delivery");
    assertEquals(1, receiver.at("/idem").size());
  }

  @Test
  void resendUsesTheSameWebhookId() {
    JsonObject ep = endpoint("/again", "");
    String id = send("t", "{}");
    JsonObject d = deliveryWhen(ep.getString("id"), "succeeded");
    api.post("/api/deliveries/" + d.getString("id") + "/resend", "").expect(202);
    List<Receiver.Received> got = receiver.await("/again", 2, WAIT);
    assertEquals(id, got.get(1).header("webhook-id"));
  }

  @Test
  void deletedEndpointCancelsItsHeldDeliveries() {
    JsonObject ep = endpoint("/paused", "");
    String id = ep.getString("id");
    api.post("/api/endpoints/" + id + "/pause", "").expect(200);
    send("t", "{}");
    deliveryWhen(id, "held");
    api.delete("/api/endpoints/" + id).expect(204);
    api.get("/api/endpoints/" + id).expect(404);
    var list = api.get("/api/deliveries?status=cancelled").json().getJsonArray("data");
    assertEquals(1, list.size());
    assertEquals(0, receiver.at("/paused").size());
  }
}
