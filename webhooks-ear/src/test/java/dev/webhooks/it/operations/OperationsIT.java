package dev.webhooks.it.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.jmsapp.DbReaderApp;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.AtRest;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engine operations on the real server. The IT server runs with WEBHOOKS_BREAKER_THRESHOLD=5,
 * WEBHOOKS_BREAKER_COOLDOWN=PT2S, WEBHOOKS_DISABLE_AFTER=PT30M and a time scale of 0.01 (so 18 s).
 */
class OperationsIT {
  static final Duration WAIT = Duration.ofSeconds(40);

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("ops-it-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String endpoint(String path, String extra) {
    return api.createEndpoint(receiver.url(path), extra).getString("id");
  }

  private String send(String type) {
    return api.post("/api/events", "{\"type\":\"" + type + "\",\"data\":{}}")
        .expect(202)
        .json()
        .getString("id");
  }

  private int count(String endpointId, String status) {
    return api.get("/api/deliveries?limit=500&endpointId=" + endpointId + "&status=" + status)
        .expect(200)
        .json()
        .getJsonArray("data")
        .size();
  }

  @Test
  void pauseHoldsAndResumeSends() {
    String ep = endpoint("/p", "");
    api.post("/api/endpoints/" + ep + "/pause", "").expect(200);
    send("a");
    send("b");
    Await.until(() -> count(ep, "held") == 2, WAIT, "two held deliveries");
    assertEquals(0, receiver.at("/p").size());
    api.post("/api/endpoints/" + ep + "/resume", "").expect(200);
    receiver.await("/p", 2, WAIT);
    Await.until(() -> count(ep, "succeeded") == 2, WAIT, "both sent after resume");
  }

  @Test
  void recoverResendsExactlyTheFailedOnesSince() {
    String ep = endpoint("/r", "\"retryPolicy\":{\"delays\":[]}");
    receiver.script("/r", Reply.status(500));
    String early = send("early");
    Await.until(() -> count(ep, "failed") == 1, WAIT, "the early one failed");
    Instant since = Instant.now();
    Await.until(() -> Instant.now().isAfter(since.plusMillis(20)), WAIT, "the clock to pass since");
    String x = send("x");
    String y = send("y");
    Await.until(() -> count(ep, "failed") == 3, WAIT, "three failed");
    receiver.script("/r", Reply.status(204));
    JsonObject r =
        api.post("/api/endpoints/" + ep + "/recover", "{\"since\":\"" + since + "\"}")
            .expect(200)
            .json();
    assertEquals(2, r.getInt("recovered"), "only the two that failed since");
    Await.until(() -> count(ep, "succeeded") == 2, WAIT, "recovered deliveries sent");
    assertEquals(1, count(ep, "failed"), "the one that failed before since stays failed");
    // 3 failed attempts + 2 recovered; the early one was not sent again
    assertEquals(5, receiver.at("/r").size());
    assertEquals(
        1, receiver.at("/r").stream().filter(m -> early.equals(m.header("webhook-id"))).count());
    for (String id : List.of(x, y)) {
      assertEquals(
          2, receiver.at("/r").stream().filter(m -> id.equals(m.header("webhook-id"))).count());
    }
    assertEquals(
        400, api.post("/api/endpoints/" + ep + "/recover", "{\"since\":\"soon\"}").status());
  }

  @Test
  void hangingEndpointDoesNotHoldUpAHealthyOne() {
    try (Receiver slow = new Receiver()) {
      hangingEndpointDoesNotHoldUpAHealthyOne(slow);
    }
  }

  private void hangingEndpointDoesNotHoldUpAHealthyOne(Receiver slow) {
    // The slow receiver holds every request for 45 s; the endpoint gives up after 40 s.
    slow.script("/hang", Reply.status(204).after(Duration.ofSeconds(45)));
    api.post("/api/endpoints", "{\"url\":\"" + slow.url("/hang") + "\",\"timeoutSeconds\":40}")
        .expect(201);
    endpoint("/healthy", "");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"t\",\"data\":{\"n\":")
          .append(i)
          .append("}}");
    }
    api.post("/api/events/batch", batch.append("]").toString()).expect(202);
    receiver.await("/healthy", 100, Duration.ofSeconds(38));
    // When the healthy endpoint has everything, not one request to the hanging one has ended yet
    // (so all of this
    // happened while it hung), and no more requests than the per-endpoint cap were opened to it: it
    // held
    // connections, never the workers the healthy endpoint needed.
    List<Receiver.Received> hanging = slow.at("/hang");
    assertTrue(
        hanging.size() <= 32,
        "at most 32 requests in flight to one endpoint, saw " + hanging.size());
    assertTrue(hanging.size() > 0);
  }

  @Test
  void circuitBreakerOpensAfterConsecutiveFailuresAndAProbeClosesIt() {
    receiver.script("/cb", Reply.status(500));
    String ep = endpoint("/cb", "\"retryPolicy\":{\"delays\":[1,1,1,1,1,1,1,1,1,1]}");
    send("t");
    List<Receiver.Received> got = receiver.await("/cb", 6, WAIT);
    // five failures 10 ms apart open the breaker; the sixth attempt waits for the 2 s cool-down
    long gap = Duration.between(got.get(4).at(), got.get(5).at()).toMillis();
    assertTrue(gap >= 1800, "the breaker held the endpoint for its cool-down, gap " + gap + " ms");
    receiver.script("/cb", Reply.status(204));
    Await.until(() -> count(ep, "succeeded") == 1, WAIT, "the probe succeeded");
    int before = receiver.at("/cb").size();
    send("t2");
    Await.until(() -> count(ep, "succeeded") == 2, Duration.ofSeconds(5), "closed: sent at once");
    assertEquals(before + 1, receiver.at("/cb").size());
  }

  @Test
  void failingEndpointIsDisabledAnnouncedAndReleasedOnEnable() {
    String watcher = endpoint("/watch", "\"eventTypes\":[\"endpoint.disabled\"]");
    receiver.script("/dying", Reply.status(500));
    // 100 policy seconds = 1 s between attempts (2 s once the breaker opens), 20 attempts (the most
    // a
    // tenant's policy may make);
    // WEBHOOKS_DISABLE_AFTER is 18 s at the
    // IT time scale
    String ep =
        endpoint(
            "/dying",
            "\"eventTypes\":[\"order\"],\"retryPolicy\":{\"delays\":["
                + String.join(",", java.util.Collections.nCopies(19, "100"))
                + "]}");
    send("order");
    Receiver.Received announced = receiver.await("/watch", 1, WAIT).get(0);
    JsonObject body = JsonBodies.object(announced.bodyText());
    assertEquals("endpoint.disabled", body.getString("type"));
    assertEquals(ep, body.getJsonObject("data").getString("endpointId"));
    assertEquals("disabled", api.get("/api/endpoints/" + ep).json().getString("state"));
    Await.until(() -> count(ep, "held") == 1, WAIT, "the delivery is held");
    Await.until(() -> count(watcher, "succeeded") == 1, WAIT, "the announcement recorded");
    receiver.script("/dying", Reply.status(204));
    api.patch("/api/endpoints/" + ep, "{\"active\":true}").expect(200);
    Await.until(() -> count(ep, "succeeded") == 1, WAIT, "released on enable");
  }

  @Test
  void rateLimitSpreadsDeliveriesWithoutDroppingAny() {
    String ep = endpoint("/rl", "\"rateLimitPerSecond\":2");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"t\",\"data\":{}}");
    }
    api.post("/api/events/batch", batch.append("]").toString()).expect(202);
    List<Instant> got =
        receiver.await("/rl", 10, WAIT).stream().map(Receiver.Received::at).sorted().toList();
    Await.until(() -> count(ep, "succeeded") == 10, WAIT, "all ten recorded, none dropped");
    // The limiter admits at most 2 in each second of the server's clock. The receiver stamps
    // arrivals a few milliseconds later, so it cannot count calendar seconds; what must hold at
    // arrival, with 100 ms to spare for the sending delay: any 5 arrivals span more than a second
    // (2 + 2 in two windows at most), and 10 need 5 windows, so they span more than 3 seconds.
    for (int i = 0; i + 4 < got.size(); i++) {
      long span = Duration.between(got.get(i), got.get(i + 4)).toMillis();
      assertTrue(span > 900, "5 arrivals within " + span + " ms: " + got);
    }
    long total = Duration.between(got.get(0), got.get(9)).toMillis();
    assertTrue(total > 2900, "10 arrivals at 2 a second within " + total + " ms: " + got);
  }

  @Test
  void rotationSignsWithBothSecretsDuringTheGracePeriodOnly() {
    JsonObject created =
        api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/rot") + "\"}").expect(201).json();
    String ep = created.getString("id");
    String oldSecret = created.getString("secret");
    String newSecret =
        api.post("/api/endpoints/" + ep + "/secret/rotate", "{\"graceSeconds\":15}")
            .expect(200)
            .json()
            .getString("secret");
    Instant graceEnds = Instant.now().plusSeconds(15);
    send("during");
    Receiver.Received during = receiver.await("/rot", 1, WAIT).get(0);
    // 15 s covers ingest and send on a loaded machine; a later arrival would prove nothing.
    assertTrue(during.at().isBefore(graceEnds), "sent during the grace period");
    assertEquals(2, during.header("webhook-signature").split(" ").length);
    assertTrue(Signatures.valid(oldSecret, during));
    assertTrue(Signatures.valid(newSecret, during));
    Await.until(
        () -> Instant.now().isAfter(graceEnds.plusMillis(200)), WAIT, "the grace period to end");
    send("after");
    Receiver.Received after = receiver.await("/rot", 2, WAIT).get(1);
    assertEquals(1, after.header("webhook-signature").split(" ").length);
    assertTrue(Signatures.valid(newSecret, after));
    assertFalse(Signatures.valid(oldSecret, after));
  }

  @Test
  void endpointTestAnswersTheInvocationWithSecretsMasked() {
    receiver.script("/t", Reply.json(200, "{\"ok\":true}"));
    String ep = endpoint("/t", "\"headers\":{\"Authorization\":\"Bearer s3cr3t-token\"}");
    JsonObject inv = api.post("/api/endpoints/" + ep + "/test", "").expect(200).json();
    assertTrue(inv.getBoolean("success"));
    assertEquals(200, inv.getJsonObject("response").getInt("status"));
    assertEquals("{\"ok\":true}", inv.getJsonObject("response").getString("body"));
    assertEquals(
        "Bearer ****",
        inv.getJsonObject("request").getJsonObject("headers").getString("Authorization"));
    assertFalse(inv.toString().contains("s3cr3t-token"));
    assertEquals("Bearer s3cr3t-token", receiver.at("/t").get(0).header("Authorization"));
    assertEquals(
        "endpoint.test", JsonBodies.object(receiver.at("/t").get(0).bodyText()).getString("type"));

    receiver.script("/t", Reply.status(503));
    JsonObject failed = api.post("/api/endpoints/" + ep + "/test", "").expect(200).json();
    assertFalse(failed.getBoolean("success"));
    assertEquals(503, failed.getJsonObject("response").getInt("status"));

    JsonObject stats = api.get("/api/endpoints/" + ep + "/stats").expect(200).json();
    assertEquals(2, stats.getInt("attempts"));
    assertEquals(1, stats.getInt("successes"));
    assertEquals(1, stats.getInt("failures"));
  }

  @Test
  void revokedKeyIsRefusedAtOnce() {
    JsonObject key = api.post("/api/tenants/" + api.tenantId + "/keys", "").expect(201).json();
    Api second = new Api(key.getString("apiKey"), api.tenantId);
    second.get("/api/endpoints").expect(200);
    var keys = api.get("/api/tenants/" + api.tenantId + "/keys").expect(200).array();
    assertFalse(keys.toString().contains(key.getString("apiKey")), "keys are never shown again");
    api.delete("/api/tenants/" + api.tenantId + "/keys/" + key.getString("id")).expect(204);
    assertEquals(401, second.get("/api/endpoints").status());
  }

  @Test
  void theDatabaseHoldsNoPlaintextSecrets() throws Exception {
    JsonObject created =
        api.post(
                "/api/endpoints",
                "{\"url\":\""
                    + receiver.url("/s")
                    + "\",\"headers\":{\"X-Api-Key\":\"custom-header-secret-42\"}}")
            .expect(201)
            .json();
    String secret = created.getString("secret");
    JsonObject key = api.post("/api/tenants/" + api.tenantId + "/keys", "").expect(201).json();
    Path war = TestApps.deploy("db-reader", "/dump", DbReaderApp.class, DbReaderApp.Dump.class);
    try {
      String endpoints = Api.anonymous("/db-reader/dump?table=WH_ENDPOINT").body();
      String keys = Api.anonymous("/db-reader/dump?table=WH_API_KEY").body();
      assertTrue(endpoints.contains(created.getString("id")), "the reader sees the endpoint row");
      assertFalse(endpoints.contains(secret.substring(6)), "signing secret stored encrypted");
      assertFalse(endpoints.contains("custom-header-secret-42"), "custom headers stored encrypted");
      assertTrue(keys.contains(key.getString("prefix")), "the reader sees the key row");
      assertFalse(keys.contains(key.getString("apiKey")), "API keys stored hashed");
      // Independent oracles: the sealed values open with plain JCA AES/GCM and the server's key,
      // and the key's row holds its SHA-256 as the JDK computes it.
      List<String> opened = AtRest.openAll(endpoints);
      assertTrue(
          opened.contains(secret), "the signing secret opens with AES/GCM: " + opened.size());
      assertTrue(
          opened.stream().anyMatch(p -> p.contains("custom-header-secret-42")),
          "the custom headers open with AES/GCM");
      assertTrue(
          keys.contains(AtRest.sha256Hex(key.getString("apiKey"))), "the key's SHA-256 is stored");
    } finally {
      Files.deleteIfExists(war);
    }
  }

  @Test
  void retentionPurgesOnlyWhatIsOldAndFinishedOfTheTenantItIsRunFor() {
    String done = endpoint("/old", "");
    String paused = endpoint("/held", "\"eventTypes\":[\"held\"]");
    api.post("/api/endpoints/" + paused + "/pause", "").expect(200);
    Api other = Api.newTenant("retention-other-" + UUID.randomUUID());
    String othersEndpoint = other.createEndpoint(receiver.url("/others"), "").getString("id");
    other.post("/api/events", "{\"type\":\"old\",\"data\":{}}").expect(202);
    send("old");
    send("held");
    Await.until(
        () ->
            count(done, "succeeded") == 2
                && count(paused, "held") == 1
                && other.deliveries(othersEndpoint, "succeeded").size() == 1,
        WAIT,
        "two done, one held, and the other tenant's done");
    Instant cutoff = Instant.now().plusMillis(50);
    Await.until(() -> Instant.now().isAfter(cutoff.plusMillis(50)), WAIT, "the cut-off to pass");
    send("new");
    Await.until(() -> count(done, "succeeded") == 3, WAIT, "the new one done");
    JsonObject purged =
        Api.bootstrap()
            .post(
                "/api/admin/retention/run",
                "{\"olderThan\":\"" + cutoff + "\",\"tenantId\":\"" + api.tenantId + "\"}")
            .expect(200)
            .json();
    // The two old deliveries that finished and their attempts; the event "old", which has no
    // delivery left; not the event "held", whose delivery is still held.
    assertEquals(2, purged.getInt("deliveries"), purged.toString());
    assertEquals(2, purged.getInt("attempts"), purged.toString());
    assertEquals(1, purged.getInt("events"), purged.toString());
    assertEquals(1, count(done, "succeeded"), "the new delivery stays");
    assertEquals(1, count(paused, "held"), "deliveries still in progress are never purged");
    assertEquals(
        1, other.deliveries(othersEndpoint, "succeeded").size(), "another tenant's data stays");
    assertEquals(403, api.post("/api/admin/retention/run", "{}").status());
    assertEquals(
        404,
        Api.bootstrap()
            .post("/api/admin/retention/run", "{\"tenantId\":\"" + UUID.randomUUID() + "\"}")
            .status());
  }
}
