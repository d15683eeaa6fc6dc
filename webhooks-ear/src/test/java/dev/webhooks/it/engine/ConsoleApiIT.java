package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.tools.Receiver;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operations the console needs, on the real server: who a key is, the tenant list, every
 * style's endpoints with their last hour, per-minute series, an event by id or idempotency key with
 * where it went, the delivery filters by event type and time, and the count before a recover.
 */
class ConsoleApiIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Receiver receiver = new Receiver();
  private final String name = "console-api-it-" + UUID.randomUUID();
  private final Api api = Api.newTenant(name);

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String send(String type, String data) {
    return api.post("/api/events", "{\"type\":\"" + type + "\",\"data\":" + data + "}")
        .expect(202)
        .json()
        .getString("id");
  }

  private JsonObject deliveryWhen(String endpointId, String status) {
    return Await.value(
        () -> {
          JsonArray d = api.deliveries(endpointId, status);
          return d.isEmpty() ? null : d.getJsonObject(0);
        },
        d -> d != null,
        WAIT,
        "a delivery of " + endpointId + " to be " + status);
  }

  private static void problem(Api.Resp r, int status, String field) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    if (field != null) {
      assertTrue(
          r.body().contains("\"" + field + "\""), "names the field " + field + ": " + r.body());
    }
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void meTellsTheTenantOfTheKeyAndWhetherItIsTheBootstrapKey() {
    JsonObject me = api.get("/api/me").expect(200).json();
    assertEquals(api.tenantId, me.getString("tenantId"));
    assertEquals(name, me.getString("tenantName"));
    assertFalse(me.getBoolean("bootstrap"));
    assertTrue(Api.bootstrap().get("/api/me").expect(200).json().getBoolean("bootstrap"));
    assertEquals(401, Api.anonymous("/api/me").status());
  }

  @Test
  void onlyTheBootstrapKeyListsTenantsAndTheListPagesThroughAllOfThem() {
    problem(api.get("/api/tenants"), 403, null);
    Api other = Api.newTenant(name + "-b");
    Map<String, String> seen = new java.util.HashMap<>();
    String cursor = null;
    do {
      JsonObject page =
          Api.bootstrap()
              .get("/api/tenants?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
              .expect(200)
              .json();
      assertTrue(page.getJsonArray("data").size() <= 2);
      for (JsonValue v : page.getJsonArray("data")) {
        JsonObject t = v.asJsonObject();
        assertNotNull(t.getString("createdAt"));
        assertNull(seen.put(t.getString("id"), t.getString("name")), "each tenant once");
      }
      cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
    } while (cursor != null);
    assertEquals(name, seen.get(api.tenantId));
    assertEquals(name + "-b", seen.get(other.tenantId));
    assertFalse(seen.toString().contains("apiKey"), "never a key");
  }

  @Test
  void overviewListsEveryStylesEndpointsWithTheirLastHourAndTheSeriesByMinute() {
    JsonObject nat = api.createEndpoint(receiver.url("/native"), "\"eventTypes\":[\"order.paid\"]");
    JsonObject truto =
        api.post(
                "/api/webhook",
                "{\"target_url\":\""
                    + receiver.url("/truto")
                    + "\",\"event_types\":[\"record:created\"]}")
            .expect(201)
            .json();
    send("order.paid", "{\"n\":1}");
    send("order.paid", "{\"n\":2}");
    receiver.await("/native", 2, WAIT);
    deliveryWhen(nat.getString("id"), "succeeded");
    JsonObject overview =
        Await.value(
            () -> api.get("/api/overview/endpoints").expect(200).json(),
            o ->
                byId(o).get(nat.getString("id")).getJsonObject("lastHour").getInt("successes") == 2,
            WAIT,
            "both attempts counted");
    Map<String, JsonObject> rows = byId(overview);
    JsonObject n = rows.get(nat.getString("id"));
    assertEquals("native", n.getString("kind"));
    assertEquals(receiver.url("/native"), n.getString("url"));
    assertEquals("enabled", n.getString("state"));
    assertEquals("closed", n.getJsonObject("breaker").getString("state"));
    JsonObject hour = n.getJsonObject("lastHour");
    assertEquals(2, hour.getInt("attempts"));
    assertEquals(0, hour.getInt("failures"));
    assertEquals(1.0, hour.getJsonNumber("successRate").doubleValue());
    assertTrue(hour.getJsonNumber("p50Ms").longValue() >= 0);
    assertTrue(hour.getJsonNumber("p99Ms").longValue() >= hour.getJsonNumber("p50Ms").longValue());
    JsonObject t = rows.get(truto.getString("id"));
    assertNotNull(t, "the Truto-style endpoint is listed too: " + rows.keySet());
    assertEquals("truto", t.getString("kind"));
    assertEquals(0, t.getJsonObject("lastHour").getInt("attempts"));
    assertTrue(t.getJsonObject("lastHour").isNull("successRate"));
    assertTrue(t.getJsonObject("lastHour").isNull("p50Ms"));

    JsonObject series =
        api.get("/api/overview/endpoints/" + nat.getString("id") + "/series?hours=1")
            .expect(200)
            .json();
    JsonArray minutes = series.getJsonArray("minutes");
    long ok = minutes.stream().mapToLong(m -> m.asJsonObject().getInt("succeeded")).sum();
    assertEquals(2, ok);
    for (JsonValue m : minutes) {
      Instant at = Instant.parse(m.asJsonObject().getString("at"));
      assertEquals(0, at.getEpochSecond() % 60, "minutes start on the minute: " + at);
      assertFalse(at.isBefore(Instant.parse(series.getString("from")).minusSeconds(60)));
      assertTrue(at.isBefore(Instant.parse(series.getString("to"))));
      assertEquals(0, m.asJsonObject().getInt("failed"));
    }
    problem(
        api.get("/api/overview/endpoints/" + nat.getString("id") + "/series?hours=0"),
        400,
        "hours");
    problem(
        api.get("/api/overview/endpoints/" + nat.getString("id") + "/series?hours=25"),
        400,
        "hours");
    problem(
        api.get("/api/overview/endpoints/" + nat.getString("id") + "/series?hours=x"),
        400,
        "hours");
    // another tenant sees neither the endpoint nor its series
    Api stranger = Api.newTenant(name + "-stranger");
    assertFalse(
        byId(stranger.get("/api/overview/endpoints").expect(200).json())
            .containsKey(nat.getString("id")));
    problem(stranger.get("/api/overview/endpoints/" + nat.getString("id") + "/series"), 404, null);
  }

  private static Map<String, JsonObject> byId(JsonObject page) {
    return page.getJsonArray("data").stream()
        .map(JsonValue::asJsonObject)
        .collect(Collectors.toMap(o -> o.getString("id"), o -> o));
  }

  @Test
  void anEventIsFoundByIdOrIdempotencyKeyWithWhereItWent() {
    JsonObject a = api.createEndpoint(receiver.url("/a"), "\"eventTypes\":[\"doc.signed\"]");
    JsonObject b = api.createEndpoint(receiver.url("/b"), "");
    String key = "key-" + UUID.randomUUID();
    String id =
        api.post(
                "/api/events",
                "{\"type\":\"doc.signed\",\"data\":{\"note\":\"<img src=x onerror=alert(1)>\"},"
                    + "\"idempotencyKey\":\""
                    + key
                    + "\"}")
            .expect(202)
            .json()
            .getString("id");
    JsonObject e = api.get("/api/events/" + id).expect(200).json();
    assertEquals(id, e.getString("id"));
    assertEquals("doc.signed", e.getString("type"));
    assertEquals(key, e.getString("idempotencyKey"));
    assertEquals(
        "<img src=x onerror=alert(1)>", e.getJsonObject("data").getString("note"), "data as sent");
    assertFalse(e.getBoolean("moreDeliveries"));
    List<String> to =
        e.getJsonArray("deliveries").stream()
            .map(d -> d.asJsonObject().getString("endpointId"))
            .sorted()
            .toList();
    assertEquals(List.of(a.getString("id"), b.getString("id")).stream().sorted().toList(), to);

    JsonObject byKey = api.get("/api/events?idempotencyKey=" + q(key)).expect(200).json();
    assertEquals(1, byKey.getJsonArray("data").size());
    assertEquals(id, byKey.getJsonArray("data").getJsonObject(0).getString("id"));
    assertEquals(
        0,
        api.get("/api/events?idempotencyKey=nothing-" + UUID.randomUUID())
            .expect(200)
            .json()
            .getJsonArray("data")
            .size());
    problem(api.get("/api/events"), 400, "idempotencyKey");
    problem(api.get("/api/events?idempotencyKey=" + "k".repeat(300)), 400, "idempotencyKey");
    problem(api.get("/api/events/evt_" + UUID.randomUUID()), 404, null);
    // another tenant finds it neither way
    Api stranger = Api.newTenant(name + "-stranger");
    problem(stranger.get("/api/events/" + id), 404, null);
    assertEquals(
        0,
        stranger
            .get("/api/events?idempotencyKey=" + q(key))
            .expect(200)
            .json()
            .getJsonArray("data")
            .size());
  }

  /**
   * Native attempts do not store their body (it is the event's); the attempt log shows it rebuilt
   * by the style, byte for byte what the receiver got.
   */
  @Test
  void anAttemptShowsTheRequestBodyAsTheReceiverGotIt() {
    JsonObject ep = api.createEndpoint(receiver.url("/body"), "");
    send("body.shown", "{\"note\":\"<b>é</b>\",\"n\":[1,2]}");
    Receiver.Received got = receiver.await("/body", 1, WAIT).get(0);
    String id = deliveryWhen(ep.getString("id"), "succeeded").getString("id");
    JsonObject attempt =
        api.get("/api/deliveries/" + id)
            .expect(200)
            .json()
            .getJsonArray("attempts")
            .getJsonObject(0);
    assertEquals(got.bodyText(), attempt.getJsonObject("request").getString("body"));
  }

  @Test
  void deliveriesFilterByEventTypeAndByTime() {
    JsonObject ep = api.createEndpoint(receiver.url("/f"), "");
    Instant before = Instant.now();
    send("filter.one", "{}");
    send("filter.two", "{}");
    receiver.await("/f", 2, WAIT);
    JsonArray one =
        api.get("/api/deliveries?eventType=filter.one&endpointId=" + ep.getString("id"))
            .expect(200)
            .json()
            .getJsonArray("data");
    assertEquals(1, one.size());
    assertEquals("filter.one", one.getJsonObject(0).getString("eventType"));
    assertEquals(
        2,
        api.get("/api/deliveries?since=" + before + "&until=" + Instant.now().plusSeconds(60))
            .expect(200)
            .json()
            .getJsonArray("data")
            .size());
    assertEquals(
        0,
        api.get("/api/deliveries?until=" + before.minusSeconds(3600))
            .expect(200)
            .json()
            .getJsonArray("data")
            .size());
    problem(api.get("/api/deliveries?until=yesterday"), 400, "until");
    problem(api.get("/api/deliveries?eventType=" + "x".repeat(300)), 400, "eventType");
  }

  @Test
  void theCountBeforeARecoverIsWhatTheRecoverPutsBack() {
    receiver.script("/down", Receiver.Reply.status(500));
    JsonObject ep = api.createEndpoint(receiver.url("/down"), "\"retryPolicy\":{\"delays\":[]}");
    Instant since = Instant.now().minusSeconds(60);
    send("will.fail", "{}");
    send("will.fail", "{}");
    Await.until(
        () -> api.deliveries(ep.getString("id"), "failed").size() == 2, WAIT, "both failed");
    String path = "/api/endpoints/" + ep.getString("id") + "/recover";
    assertEquals(2, api.get(path + "?since=" + since).expect(200).json().getInt("recoverable"));
    assertEquals(
        0,
        api.get(path + "?since=" + Instant.now().plusSeconds(60))
            .expect(200)
            .json()
            .getInt("recoverable"));
    problem(api.get(path), 400, "since");
    problem(api.get(path + "?since=soon"), 400, "since");
    receiver.script("/down", Receiver.Reply.status(204));
    assertEquals(
        2, api.post(path, "{\"since\":\"" + since + "\"}").expect(200).json().getInt("recovered"));
    assertEquals(0, api.get(path + "?since=" + since).expect(200).json().getInt("recoverable"));
  }
}
