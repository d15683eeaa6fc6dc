package dev.webhooks.it.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
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

  /** The Basic header of client c1 with secret cs-1. */
  static final String BASIC_C1 =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString("c1:cs-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));

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
    webhook("renderHook", "/render", "");
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
        "changeHook", "/change", "\"filters\":{\"statuses\":[\"ERROR\",\"WARNING\",\"ACTIVE\"]}");
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
    webhook("errorsOnly", "/errors", "\"filters\":{\"statuses\":[\"ERROR\"]}");
    webhook(
        "mysqlOnly",
        "/mysql",
        "\"filters\":{\"integrationTypes\":[\"mysql\"],\"statuses\":[\"ERROR\",\"WARNING\"]}");
    webhook("db9Only", "/db9", "\"filters\":{\"integrationIds\":[\"db-9\"]}");
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
        "bearerHook", "/bearer", "\"authentication\":{\"type\":\"BEARER\",\"token\":\"tok-123\"}");
    String custom =
        webhook(
            "customHook",
            "/custom",
            "\"authentication\":{\"type\":\"CUSTOM\",\"headers\":{\"DD-API-KEY\":\"dd-secret\"}},\"method\":\"PUT\"");
    AtomicInteger tokens = new AtomicInteger();
    receiver.handler(
        "/token",
        r -> {
          int n = tokens.incrementAndGet();
          // client_secret_basic, the default (RFC 6749): the credentials in a Basic header only
          if (!r.bodyText().contains("grant_type=client_credentials")
              || r.bodyText().contains("client_secret")
              || !BASIC_C1.equals(r.header("Authorization"))) {
            return Reply.status(401);
          }
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
        "oauthHook",
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
        "{\"name\":\"customHook\",\"url\":\""
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
            "validatedHook",
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
            "testHook", "/t", "\"authentication\":{\"type\":\"BEARER\",\"token\":\"secret-t\"}");
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

  /**
   * The seed's own example template reads names of the list {@code issues}, which Handlebars
   * renders as empty strings: it is refused at save and in Test, naming the placeholder and showing
   * the form that works.
   */
  @Test
  void theSeedsExampleTemplateIsRefusedNamingThePlaceholder() {
    String seed =
        "{\\\"status\\\": \\\"{{data.issues.status}}\\\", \\\"message\\\": \\\"{{data.issues.message}}\\\"}";
    for (String path : List.of("/api/integration-webhooks", "/api/integration-webhooks/test")) {
      Api.Resp r =
          api.post(
              path,
              "{\"name\":\"seedExample\",\"url\":\""
                  + receiver.url("/seed")
                  + "\",\"bodyTemplate\":\""
                  + seed
                  + "\"}");
      problem(r, 400, "data.issues.status");
      problem(r, 400, "{{#each data.issues}}{{status}}{{/each}}");
      problem(r, 400, "bodyTemplate");
    }
    assertEquals(0, receiver.at("/seed").size(), "nothing was sent");
  }

  /** A Test shows the placeholders that printed nothing: no empty string is sent unnoticed. */
  @Test
  void aTestListsThePlaceholdersThatPrintedNothing() {
    receiver.script("/gaps", Reply.status(204));
    String id =
        api.post(
                "/api/integration-webhooks",
                "{\"name\":\"gaps\",\"url\":\""
                    + receiver.url("/gaps")
                    + "\",\"bodyTemplate\":\"{\\\"n\\\":\\\"{{data.name}}\\\","
                    + "\\\"o\\\":\\\"{{data.owner}}\\\",\\\"t\\\":\\\"{{data.issues.[0].status}}\\\"}\"}")
            .expect(201)
            .json()
            .getString("id");
    JsonObject answer =
        api.post("/api/integration-webhooks/" + id + "/test", "").expect(200).json();
    assertTrue(answer.getBoolean("success"), answer.toString());
    assertEquals(
        List.of("data.owner"),
        answer
            .getJsonArray("unresolvedPlaceholders")
            .getValuesAs(jakarta.json.JsonString::getString));
  }

  /**
   * OAuth client credentials: client_secret_basic by default, client_secret_post when chosen; a
   * token endpoint that refuses the method is reported in the Test result with the way out.
   */
  @Test
  void oauthClientAuthenticationIsBasicByDefaultOrPostWhenChosen() {
    receiver.handler(
        "/token-post",
        r ->
            r.bodyText().contains("client_id=c1&client_secret=cs-1")
                    && r.header("Authorization") == null
                ? Reply.json(200, "{\"access_token\":\"post-1\",\"expires_in\":3600}")
                : Reply.status(401));
    receiver.script("/post-protected", Reply.status(204));
    String auth =
        "\"authentication\":{\"type\":\"OAUTH\",\"clientId\":\"c1\",\"clientSecret\":\"cs-1\","
            + "\"tokenUrl\":\""
            + receiver.url("/token-post")
            + "\"";
    String post =
        webhook(
            "postAuth", "/post-protected", auth + ",\"clientAuthMethod\":\"client_secret_post\"}");
    JsonObject ok = api.post("/api/integration-webhooks/" + post + "/test", "").expect(200).json();
    assertTrue(ok.getBoolean("success"), ok.toString());
    assertEquals("Bearer post-1", receiver.at("/post-protected").get(0).header("Authorization"));
    assertEquals(
        "client_secret_post",
        api.get("/api/integration-webhooks/" + post)
            .json()
            .getJsonObject("authentication")
            .getString("clientAuthMethod"));

    // The same token endpoint with the default method refuses it: the Test says why.
    String basic = webhook("basicAuth", "/post-protected", auth + "}");
    JsonObject refused =
        api.post("/api/integration-webhooks/" + basic + "/test", "").expect(200).json();
    assertFalse(refused.getBoolean("success"));
    String error = refused.getString("error");
    assertTrue(
        error.contains("client_secret_basic") && error.contains("client_secret_post"), error);
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"badMethod\",\"url\":\""
                + receiver.url("/x")
                + "\","
                + auth
                + ",\"clientAuthMethod\":\"private_key_jwt\"}}"),
        400,
        "authentication.clientAuthMethod");
  }

  /** Names are unique and alphanumeric, as Apono's. */
  @Test
  void namesAreUniqueAndAlphanumeric() {
    for (String name : List.of("with space", "with-dash", "under_score", "ünïcode")) {
      problem(
          api.post(
              "/api/integration-webhooks",
              "{\"name\":\"" + name + "\",\"url\":\"" + receiver.url("/n") + "\"}"),
          400,
          "name");
    }
    api.post(
            "/api/integration-webhooks",
            "{\"name\":\"Alerts2\",\"url\":\"" + receiver.url("/n") + "\"}")
        .expect(201);
    problem(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"Alerts2\",\"url\":\"" + receiver.url("/n") + "\"}"),
        400,
        "already named");
  }
}
