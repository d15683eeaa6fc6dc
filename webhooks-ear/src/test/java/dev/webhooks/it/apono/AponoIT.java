package dev.webhooks.it.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.Receiver;
import dev.webhooks.it.support.Receiver.Reply;
import dev.webhooks.it.support.Signatures;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Apono-style integration webhooks on the real server. */
class AponoIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TEMPLATE =
      "{\\\"title\\\": \\\"{{data.name}} is {{data.status}}\\\", \\\"issues\\\": {{json data.issues}},"
          + " \\\"lines\\\": [{{#each data.issues}}{{#if @index}},{{/if}}\\\"{{message}}\\\"{{/each}}]}";

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("apono-it-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String webhook(String name, String path, String extra) {
    return api.post(
            "/api/integration-webhooks",
            "{\"name\":\""
                + name
                + "\",\"url\":\""
                + receiver.url(path)
                + "\",\"bodyTemplate\":\""
                + TEMPLATE
                + "\""
                + (extra.isEmpty() ? "" : "," + extra)
                + "}")
        .expect(201)
        .json()
        .getString("id");
  }

  private JsonObject report(String integrationId, String type, String status, String message) {
    return api.post(
            "/api/integrations/" + integrationId + "/status",
            "{\"name\":\"DB "
                + integrationId
                + "\",\"type\":\""
                + type
                + "\",\"status\":\""
                + status
                + "\",\"issues\":[{\"status\":\""
                + status
                + "\",\"message\":\""
                + message
                + "\"}]}")
        .expect(202)
        .json();
  }

  private static void problem(Api.Resp r, int status, String text) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertTrue(r.body().contains(text), r.body());
  }

  @Test
  void templateRendersWithEscapingJsonAndEach() {
    webhook("render hook", "/render", "");
    report("db-1", "postgresql", "ERROR", "quote \\\" and <tag> \\\\ end");
    Receiver.Received r = receiver.await("/render", 1, WAIT).get(0);
    JsonObject body = JsonBodies.object(r.bodyText());
    assertEquals("DB db-1 is ERROR", body.getString("title"));
    assertEquals(
        "quote \" and <tag> \\ end",
        body.getJsonArray("issues").getJsonObject(0).getString("message"));
    assertEquals("quote \" and <tag> \\ end", body.getJsonArray("lines").getString(0));
    String secret =
        api.get(
                "/api/integration-webhooks/"
                    + api.get("/api/integration-webhooks")
                        .json()
                        .getJsonArray("data")
                        .getJsonObject(0)
                        .getString("id")
                    + "/secret")
            .json()
            .getString("secret");
    assertTrue(Signatures.valid(secret, r), "the engine's signature headers");
  }

  @Test
  void statusChangeEmitsExactlyOneEventAndARepeatEmitsNone() {
    webhook(
        "change hook", "/change", "\"filters\":{\"statuses\":[\"ERROR\",\"WARNING\",\"ACTIVE\"]}");
    JsonObject first = report("db-2", "postgresql", "ACTIVE", "fine");
    assertFalse(first.getBoolean("changed"), "first report counts as a change from ACTIVE");
    assertNull(first.get("eventId") == jakarta.json.JsonValue.NULL ? null : first.get("eventId"));
    JsonObject warn = report("db-2", "postgresql", "WARNING", "slow");
    assertTrue(warn.getBoolean("changed"));
    assertTrue(warn.getString("eventId").length() > 0);
    assertFalse(
        report("db-2", "postgresql", "WARNING", "slower").getBoolean("changed"), "issues alone");
    assertFalse(report("db-2", "postgresql", "WARNING", "slower").getBoolean("changed"), "repeat");
    receiver.await("/change", 1, WAIT);
    Await.until(
        () -> api.get("/api/deliveries").json().getJsonArray("data").size() == 1,
        WAIT,
        "one delivery");
    assertEquals(warn.getString("eventId"), receiver.at("/change").get(0).header("webhook-id"));
  }

  @Test
  void filtersChooseWhoIsTold() {
    webhook("errors only", "/errors", "\"filters\":{\"statuses\":[\"ERROR\"]}");
    webhook(
        "mysql only",
        "/mysql",
        "\"filters\":{\"integrationTypes\":[\"mysql\"],\"statuses\":[\"ERROR\",\"WARNING\"]}");
    webhook("db-9 only", "/db9", "\"filters\":{\"integrationIds\":[\"db-9\"]}");
    webhook("sleeping", "/inactive", "\"active\":false");
    report("db-3", "postgresql", "WARNING", "w");
    report("db-4", "mysql", "ERROR", "e");
    report("db-9", "postgresql", "ERROR", "e");
    receiver.await("/errors", 2, WAIT);
    receiver.await("/mysql", 1, WAIT);
    receiver.await("/db9", 1, WAIT);
    Await.until(
        () -> api.get("/api/deliveries").json().getJsonArray("data").size() == 4,
        WAIT,
        "four deliveries");
    assertEquals(2, receiver.at("/errors").size());
    assertEquals(1, receiver.at("/mysql").size());
    assertEquals(0, receiver.at("/inactive").size());
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"x\",\"url\":\""
                + receiver.url("/x")
                + "\",\"filters\":{\"statuses\":[]}}"),
        400,
        "filters.statuses");
  }

  @Test
  void eachAuthenticationTypeAndSecretsAreWriteOnly() {
    webhook(
        "bearer hook", "/bearer", "\"authentication\":{\"type\":\"BEARER\",\"token\":\"tok-123\"}");
    String custom =
        webhook(
            "custom hook",
            "/custom",
            "\"authentication\":{\"type\":\"CUSTOM\",\"headers\":{\"DD-API-KEY\":\"dd-secret\"}},\"method\":\"PUT\"");
    AtomicInteger tokens = new AtomicInteger();
    receiver.handler(
        "/token",
        r -> {
          int n = tokens.incrementAndGet();
          assertTrue(r.bodyText().contains("grant_type=client_credentials"));
          assertTrue(r.bodyText().contains("client_secret=cs-1"));
          return Reply.json(200, "{\"access_token\":\"at-" + n + "\",\"expires_in\":3600}");
        });
    // The protected receiver rejects the first token once, so the engine must fetch a new one and
    // retry.
    receiver.handler(
        "/oauth",
        r ->
            "Bearer at-1".equals(r.header("Authorization"))
                ? Reply.status(401)
                : Reply.status(204));
    webhook(
        "oauth hook",
        "/oauth",
        "\"authentication\":{\"type\":\"OAUTH\",\"clientId\":\"c1\",\"clientSecret\":\"cs-1\",\"tokenUrl\":\""
            + receiver.url("/token")
            + "\",\"scopes\":[\"hooks\"]}");
    report("db-5", "postgresql", "ERROR", "down");

    assertEquals(
        "Bearer tok-123", receiver.await("/bearer", 1, WAIT).get(0).header("Authorization"));
    Receiver.Received c = receiver.await("/custom", 1, WAIT).get(0);
    assertEquals("dd-secret", c.header("DD-API-KEY"));
    assertEquals("PUT", c.method());
    List<Receiver.Received> oauth = receiver.await("/oauth", 2, WAIT);
    assertEquals("Bearer at-2", oauth.get(1).header("Authorization"));
    assertEquals(2, tokens.get(), "fetched once, and once more after the 401");
    // Later deliveries use the cached token: no fetch per delivery.
    report("db-5", "postgresql", "WARNING", "slow");
    report("db-5", "postgresql", "ERROR", "down again");
    List<Receiver.Received> later = receiver.await("/oauth", 4, WAIT);
    assertEquals("Bearer at-2", later.get(2).header("Authorization"));
    assertEquals("Bearer at-2", later.get(3).header("Authorization"));
    assertEquals(2, tokens.get(), "the token was cached, not fetched for each delivery");

    JsonObject shown = api.get("/api/integration-webhooks/" + custom).expect(200).json();
    assertEquals(
        "****",
        shown.getJsonObject("authentication").getJsonObject("headers").getString("DD-API-KEY"));
    assertFalse(api.get("/api/integration-webhooks").body().contains("tok-123"));
    assertFalse(api.get("/api/integration-webhooks").body().contains("cs-1"));
    // a PUT that sends the masked value back keeps the stored secret
    String put =
        "{\"name\":\"custom hook\",\"url\":\""
            + receiver.url("/custom")
            + "\",\"bodyTemplate\":\""
            + TEMPLATE
            + "\",\"authentication\":{\"type\":\"CUSTOM\",\"headers\":{\"DD-API-KEY\":\"****\"}}}";
    api.put("/api/integration-webhooks/" + custom, put).expect(200);
    JsonObject test =
        api.post("/api/integration-webhooks/" + custom + "/test", "").expect(200).json();
    assertTrue(test.getBoolean("success"), test.toString());
    assertEquals(
        "****", test.getJsonObject("request").getJsonObject("headers").getString("DD-API-KEY"));
    assertEquals(
        "dd-secret",
        receiver.at("/custom").get(receiver.at("/custom").size() - 1).header("DD-API-KEY"));
  }

  @Test
  void validatorsPassAndFailAndFailuresAreRetried() {
    receiver.script(
        "/validated",
        Reply.json(200, "{\"data\":{\"status\":\"queued\"}}"),
        Reply.json(200, "{\"data\":{\"status\":\"accepted\"}}"));
    String id =
        webhook(
            "validated hook",
            "/validated",
            "\"responseValidators\":[{\"jsonPath\":\"$.data.status\",\"expectedValues\":[\"accepted\",\"ok\"]}]");
    report("db-6", "postgresql", "ERROR", "x");
    receiver.await("/validated", 2, WAIT);
    Await.until(
        () -> api.get("/api/deliveries?status=succeeded").json().getJsonArray("data").size() == 1,
        WAIT,
        "the retried delivery to succeed");
    String deliveryId =
        api.get("/api/deliveries").json().getJsonArray("data").getJsonObject(0).getString("id");
    JsonObject d = api.get("/api/deliveries/" + deliveryId).json();
    JsonObject firstAttempt = d.getJsonArray("attempts").getJsonObject(0);
    assertFalse(firstAttempt.getBoolean("succeeded"));
    assertTrue(firstAttempt.getString("error").contains("$.data.status"), firstAttempt.toString());
    assertTrue(
        firstAttempt.getJsonObject("request").getString("body").contains("DB db-6"),
        "invocation kept");

    receiver.script("/validated", Reply.json(200, "{\"data\":{\"status\":\"nope\"}}"));
    JsonObject test = api.post("/api/integration-webhooks/" + id + "/test", "").expect(200).json();
    assertFalse(test.getBoolean("success"));
    assertFalse(test.getJsonArray("validatorResults").getJsonObject(0).getBoolean("passed"));
    assertEquals(200, test.getJsonObject("response").getInt("status"));
  }

  @Test
  void testActionOnSuccessAndFailureAndUnsaved() {
    receiver.script("/t", Reply.json(200, "{\"ok\":true}"));
    String id =
        webhook(
            "test hook", "/t", "\"authentication\":{\"type\":\"BEARER\",\"token\":\"secret-t\"}");
    JsonObject ok = api.post("/api/integration-webhooks/" + id + "/test", "").expect(200).json();
    assertTrue(ok.getBoolean("success"));
    assertEquals(
        "Bearer ****",
        ok.getJsonObject("request").getJsonObject("headers").getString("Authorization"));
    assertTrue(ok.getJsonObject("request").getString("body").contains("Production Postgres"));
    assertTrue(ok.containsKey("durationMs"));
    receiver.script("/t", Reply.status(500));
    JsonObject bad = api.post("/api/integration-webhooks/" + id + "/test", "").expect(200).json();
    assertFalse(bad.getBoolean("success"));
    assertEquals(500, bad.getJsonObject("response").getInt("status"));

    receiver.script("/unsaved", Reply.status(202));
    JsonObject unsaved =
        api.post(
                "/api/integration-webhooks/test",
                "{\"name\":\"draft\",\"url\":\""
                    + receiver.url("/unsaved")
                    + "\",\"bodyTemplate\":\""
                    + TEMPLATE
                    + "\"}")
            .expect(200)
            .json();
    assertTrue(unsaved.getBoolean("success"));
    assertEquals(1, receiver.at("/unsaved").size());
    assertEquals(
        1,
        api.get("/api/integration-webhooks").json().getJsonArray("data").size(),
        "nothing saved");
  }

  @Test
  void badConfigurationsAreRefused() {
    problem(
        api.post("/api/integration-webhooks", "{\"name\":\"h\",\"url\":\"http://example.com/x\"}"),
        400,
        "url");
    problem(
        api.post("/api/integration-webhooks", "{\"url\":\"" + receiver.url("/x") + "\"}"),
        400,
        "name");
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"h\",\"url\":\""
                + receiver.url("/x")
                + "\",\"bodyTemplate\":\"{\\\"a\\\": {{data.name}}}\"}"),
        400,
        "bodyTemplate");
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"h\",\"url\":\"" + receiver.url("/x") + "\",\"timeoutSeconds\":0}"),
        400,
        "timeoutSeconds");
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"h\",\"url\":\""
                + receiver.url("/x")
                + "\",\"authentication\":{\"type\":\"BASIC\"}}"),
        400,
        "authentication.type");
    webhook("taken", "/x", "");
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"taken\",\"url\":\"" + receiver.url("/y") + "\"}"),
        400,
        "name");
    JsonObject schema = api.get("/api/integration-webhooks/payload-schema").expect(200).json();
    assertTrue(schema.getJsonArray("placeholders").toString().contains("data.status"));
  }
}
