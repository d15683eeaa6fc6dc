package dev.webhooks.it.truto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Truto-style webhooks on the real server (time scale 0.01; WEBHOOKS_TRUTO_DISABLE_AFTER=PT10M, so
 * 6 s).
 */
class TrutoIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("truto-it-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonObject create(String path, String extra) {
    return api.post(
            "/api/webhook",
            "{\"target_url\":\""
                + receiver.url(path)
                + "\""
                + (extra.isEmpty() ? "" : "," + extra)
                + "}")
        .expect(201)
        .json();
  }

  private void event(String type, String payload) {
    api.post("/api/events", "{\"type\":\"" + type + "\",\"data\":" + payload + "}").expect(202);
  }

  private static void problem(Api.Resp r, int status) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
  }

  /** The signature computed here, independently of the server's code. */
  static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void crudWithEachStatusCodeAndTheSecretOnlyOnCreate() {
    JsonObject w = create("/c", "\"event_types\":[\"record:created\"]");
    String id = w.getString("id");
    UUID.fromString(id);
    UUID.fromString(w.getString("secret"));
    assertEquals(api.tenantId, w.getString("environment_id"));
    assertTrue(w.getBoolean("is_active"));
    assertEquals(
        List.of("record:created"),
        w.getJsonArray("event_types").getValuesAs(jakarta.json.JsonString::getString));
    assertTrue(w.getString("created_at").matches(ISO_MILLIS), w.getString("created_at"));
    assertTrue(w.getString("updated_at").matches(ISO_MILLIS));

    JsonObject got = api.get("/api/webhook/" + id).expect(200).json();
    assertFalse(got.containsKey("secret"));
    JsonObject list = api.get("/api/webhook").expect(200).json();
    assertEquals(1, list.getJsonArray("result").size());
    assertTrue(list.containsKey("next_cursor") && list.isNull("next_cursor"));
    assertFalse(list.getJsonArray("result").getJsonObject(0).containsKey("secret"));

    JsonObject all = create("/all", "");
    assertFalse(all.containsKey("event_types"), "left out as the client left it out: " + all);

    JsonObject page = api.get("/api/webhook?limit=1").expect(200).json();
    assertEquals(1, page.getJsonArray("result").size());
    String cursor = page.getString("next_cursor");
    assertEquals(
        1,
        api.get("/api/webhook?limit=1&next_cursor=" + cursor).json().getJsonArray("result").size());

    JsonObject patched =
        api.patch(
                "/api/webhook/" + id, "{\"is_active\":false,\"event_types\":[\"record:updated\"]}")
            .expect(200)
            .json();
    assertFalse(patched.getBoolean("is_active"));
    assertEquals("record:updated", patched.getJsonArray("event_types").getString(0));
    assertFalse(patched.containsKey("secret"));

    problem(api.post("/api/webhook", "{}"), 400);
    problem(api.post("/api/webhook", "{\"target_url\":\"http://example.com/x\"}"), 400);
    Api.Resp unknown =
        api.post(
            "/api/webhook",
            "{\"target_url\":\""
                + receiver.url("/u")
                + "\",\"event_types\":[\"record:created\",\"nope:x\"]}");
    problem(unknown, 400);
    assertTrue(unknown.body().contains("nope:x"), unknown.body());
    problem(api.patch("/api/webhook/" + id, "{\"event_types\":[\"bad\"]}"), 400);

    api.delete("/api/webhook/" + id).expect(204);
    problem(api.get("/api/webhook/" + id), 404);
    problem(
        Api.newTenant("truto-other-" + UUID.randomUUID())
            .get("/api/webhook/" + all.getString("id")),
        404);
  }

  @Test
  void fanOutOnlyToSubscribedActiveWebhooksSignedWithTheirSecret() throws Exception {
    JsonObject created = create("/created", "\"event_types\":[\"record:created\"]");
    JsonObject any = create("/any", "");
    create("/inactive", "\"event_types\":[\"record:created\"],\"is_active\":false");
    event("record:created", "{\"name\":\"Ada\"}");
    event("record:updated", "{\"name\":\"Grace\"}");

    Receiver.Received r = receiver.await("/created", 1, WAIT).get(0);
    receiver.await("/any", 2, WAIT);
    assertEquals(1, receiver.at("/created").size());
    assertEquals(0, receiver.at("/inactive").size());

    assertEquals(
        "format=sha256,v=" + hmacHex(created.getString("secret"), r.body()),
        r.header("X-Truto-Signature"));
    assertEquals("truto", r.header("User-Agent"));
    assertTrue(r.header("content-type").startsWith("application/json"));
    assertNull(r.header("webhook-signature"), "no Standard Webhooks headers");
    JsonObject body = JsonBodies.object(r.bodyText());
    UUID.fromString(body.getString("id"));
    assertEquals("record:created", body.getString("event"));
    assertEquals("Ada", body.getJsonObject("payload").getString("name"));
    assertEquals(api.tenantId, body.getString("environment_id"));
    assertEquals(created.getString("id"), body.getString("webhook_id"));
    assertTrue(body.getString("created_at").matches(ISO_MILLIS));

    for (Receiver.Received x : receiver.at("/any")) {
      assertEquals(
          "format=sha256,v=" + hmacHex(any.getString("secret"), x.body()),
          x.header("X-Truto-Signature"));
    }
  }

  @Test
  void retriesStopAfterThreeOnTheTwoFourEightSchedule() {
    receiver.script("/down", Reply.status(500));
    String id = create("/down", "").getString("id");
    event("record:deleted", "{}");
    Await.until(() -> api.deliveries(id, "failed").size() == 1, WAIT, "the delivery to fail");
    List<Receiver.Received> got = receiver.at("/down");
    assertEquals(4, got.size(), "one attempt and three retries");
    // 2, 4, 8 s are 20, 40, 80 ms at the IT time scale: never earlier, and never much later.
    // RealClockAndNamesIT checks the same schedule on the real clock.
    long[] planned = {20, 40, 80};
    for (int i = 1; i < got.size(); i++) {
      long gap = Duration.between(got.get(i - 1).at(), got.get(i).at()).toMillis();
      assertTrue(
          gap >= planned[i - 1] - 5 && gap < planned[i - 1] + 1500,
          "retry " + i + " came after " + gap + " ms, planned " + planned[i - 1]);
    }
  }

  @Test
  void testEndpointAnswersSuccessOrFailure() {
    String ok = create("/ok", "").getString("id");
    receiver.script("/bad", Reply.status(500));
    String bad = create("/bad", "").getString("id");
    assertTrue(
        api.post("/api/webhook/test", "{\"id\":\"" + ok + "\"}")
            .expect(200)
            .json()
            .getBoolean("success"));
    JsonObject body = JsonBodies.object(receiver.at("/ok").get(0).bodyText());
    assertEquals("test", body.getString("event"));
    assertEquals("bar", body.getJsonObject("payload").getString("foo"));
    assertFalse(
        api.post("/api/webhook/test", "{\"id\":\"" + bad + "\"}")
            .expect(200)
            .json()
            .getBoolean("success"));
    problem(api.post("/api/webhook/test", "{}"), 400);
    problem(api.post("/api/webhook/test", "{\"id\":\"" + UUID.randomUUID() + "\"}"), 404);
  }

  @Test
  void continuouslyFailingWebhookIsDeactivatedAndAnnounced() {
    JsonObject watcher = create("/watch", "\"event_types\":[\"webhook:disabled\"]");
    receiver.script("/dying", Reply.status(503));
    String dying = create("/dying", "\"event_types\":[\"record:created\"]").getString("id");
    // Keep it failing past the 6 s period: an event every half second until it is switched off.
    Await.until(
        () -> {
          event("record:created", "{}");
          return !api.get("/api/webhook/" + dying).json().getBoolean("is_active");
        },
        WAIT,
        "the failing webhook to be deactivated");
    Receiver.Received announced = receiver.await("/watch", 1, WAIT).get(0);
    JsonObject body = JsonBodies.object(announced.bodyText());
    assertEquals("webhook:disabled", body.getString("event"));
    assertEquals(dying, body.getJsonObject("payload").getString("id"));
    assertEquals(watcher.getString("id"), body.getString("webhook_id"));
  }

  /**
   * A webhook for every event shows {@code event_types} as the client sent it: left out stays left
   * out, {@code []} stays {@code []}; both receive every event.
   */
  @Test
  void eventTypesAreShownAsTheClientSentThem() {
    String omitted = create("/omitted", "").getString("id");
    String empty = create("/empty", "\"event_types\":[]").getString("id");
    String nulled = create("/nulled", "\"event_types\":null").getString("id");
    assertFalse(api.get("/api/webhook/" + omitted).json().containsKey("event_types"));
    assertFalse(api.get("/api/webhook/" + nulled).json().containsKey("event_types"));
    assertEquals(0, api.get("/api/webhook/" + empty).json().getJsonArray("event_types").size());
    JsonObject listed =
        api.get("/api/webhook").json().getJsonArray("result").getValuesAs(JsonObject.class).stream()
            .filter(w -> w.getString("id").equals(empty))
            .findFirst()
            .orElseThrow();
    assertEquals(0, listed.getJsonArray("event_types").size(), "the list shows it alike");

    event("record:updated", "{\"n\":1}");
    receiver.await("/omitted", 1, WAIT);
    receiver.await("/empty", 1, WAIT);
    receiver.await("/nulled", 1, WAIT);

    JsonObject patched =
        api.patch("/api/webhook/" + omitted, "{\"event_types\":[]}").expect(200).json();
    assertEquals(0, patched.getJsonArray("event_types").size());
    JsonObject narrowed =
        api.patch("/api/webhook/" + empty, "{\"event_types\":[\"record:created\"]}")
            .expect(200)
            .json();
    assertEquals(
        List.of("record:created"),
        narrowed.getJsonArray("event_types").getValuesAs(jakarta.json.JsonString::getString));
  }
}
