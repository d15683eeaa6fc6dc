package dev.webhooks.it.portant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Portant-style workflow outgoing webhooks on the real server. */
class PortantIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("portant-it-" + UUID.randomUUID());
  private final String wkf = "wkf_" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String path(String rest) {
    return "/api/workflows/" + wkf + rest;
  }

  private static void problem(Api.Resp r, int status) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
  }

  @Test
  void crudCycleWithEachStatusCode() {
    problem(api.get(path("/outgoing-webhooks/")), 404);
    problem(api.post(path("/outgoing-webhooks/"), "{}"), 400);
    problem(api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"ftp://x\"}"), 400);
    problem(
        api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"https://10.1.2.3/hook\"}"), 400);

    Api.Resp created =
        api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/w") + "\"}");
    created.expect(201);
    JsonObject hook = created.json();
    assertTrue(
        hook.getString("id").matches("owc_[A-Za-z0-9]{14}"),
        "owc_ and 14 letters and digits, as in the seed's sample: " + hook);
    assertEquals(receiver.url("/w"), hook.getString("webhookUrl"));
    assertTrue(hook.getBoolean("active"));
    assertTrue(
        created.headers().firstValue("Location").orElse("").endsWith(path("/outgoing-webhooks/")));

    Api.Resp again =
        api.post(path("/outgoing-webhooks"), "{\"webhookUrl\":\"" + receiver.url("/w") + "\"}");
    problem(again, 400);
    assertTrue(again.json().getString("detail").contains("PATCH"));

    assertEquals(hook, api.get(path("/outgoing-webhooks")).expect(200).json());
    assertEquals(hook, api.get(path("/outgoing-webhooks/")).expect(200).json());

    JsonObject patched =
        api.patch(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/w2") + "\"}")
            .expect(200)
            .json();
    assertEquals(receiver.url("/w2"), patched.getString("webhookUrl"));
    assertEquals(hook.getString("id"), patched.getString("id"));
    problem(api.patch(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"http://8.8.8.8/x\"}"), 400);

    String secret =
        api.get(path("/outgoing-webhooks/secret")).expect(200).json().getString("secret");
    assertTrue(secret.startsWith("whsec_"));

    api.delete(path("/outgoing-webhooks/")).expect(204);
    problem(api.get(path("/outgoing-webhooks/")), 404);
    problem(api.patch(path("/outgoing-webhooks/"), "{\"active\":true}"), 404);
  }

  @Test
  void anotherTenantGets403EvenAfterDelete() {
    api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/w") + "\"}")
        .expect(201);
    Api other = Api.newTenant("portant-other-" + UUID.randomUUID());
    problem(other.get(path("/outgoing-webhooks/")), 403);
    problem(
        other.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/x") + "\"}"),
        403);
    problem(other.patch(path("/outgoing-webhooks/"), "{\"active\":false}"), 403);
    problem(other.delete(path("/outgoing-webhooks/")), 403);
    problem(other.get(path("/outgoing-webhooks/secret")), 403);
    problem(
        other.post(path("/events"), "{\"event_type\":\"EMAILS_CREATED\",\"items\":[{\"a\":1}]}"),
        403);
    api.delete(path("/outgoing-webhooks/")).expect(204);
    problem(
        other.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/x") + "\"}"),
        403);
  }

  @Test
  void onePostPerItemWithTheExactEnvelopeAndAValidSignature() {
    api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/items") + "\"}")
        .expect(201);
    String secret = api.get(path("/outgoing-webhooks/secret")).json().getString("secret");
    String docs =
        "{\"documents\":[{\"id\":\"d1\",\"url\":\"https://docs.example/d1\",\"name\":\"Offer\","
            + "\"mimetype\":\"application/pdf\"}]}";
    JsonArray ids =
        api.post(
                path("/events"),
                "{\"event_type\":\"DOCUMENTS_CREATED\",\"items\":["
                    + docs
                    + ","
                    + docs.replace("d1", "d2")
                    + "]}")
            .expect(202)
            .json()
            .getJsonArray("eventIds");
    assertEquals(2, ids.size());
    List<Receiver.Received> got = receiver.await("/items", 2, WAIT);
    for (int i = 0; i < 2; i++) {
      String id = ids.getString(i);
      assertTrue(id.matches("[0-9a-f]{48}"), id);
      Receiver.Received r =
          got.stream().filter(x -> id.equals(x.header("webhook-id"))).findFirst().orElseThrow();
      assertTrue(Signatures.valid(secret, r));
      JsonObject body = JsonBodies.object(r.bodyText());
      assertEquals(3, body.size(), "exactly event_id, event_type, data");
      assertEquals(id, body.getString("event_id"));
      assertEquals("DOCUMENTS_CREATED", body.getString("event_type"));
      assertEquals(
          "d" + (i + 1),
          body.getJsonObject("data").getJsonArray("documents").getJsonObject(0).getString("id"));
    }
  }

  @Test
  void badEventsAre400AndEventsWithoutAWebhookAreAcceptedButNotSent() {
    problem(api.post(path("/events"), "{\"event_type\":\"NOPE\",\"items\":[{}]}"), 400);
    problem(api.post(path("/events"), "{\"event_type\":\"EMAILS_CREATED\",\"items\":[]}"), 400);
    problem(api.post(path("/events"), "{\"event_type\":\"EMAILS_CREATED\"}"), 400);
    Api.Resp badDoc =
        api.post(
            path("/events"),
            "{\"event_type\":\"DOCUMENTS_CREATED\",\"items\":[{\"documents\":[{\"id\":\"1\",\"url\":\"u\","
                + "\"name\":\"n\",\"mimetype\":\"text/plain\"}]}]}");
    problem(badDoc, 400);
    assertTrue(badDoc.body().contains("items[0].documents[0].mimetype"), badDoc.body());
    JsonArray ids =
        api.post(
                path("/events"), "{\"event_type\":\"EMAILS_CREATED\",\"items\":[{\"to\":\"a@b\"}]}")
            .expect(202)
            .json()
            .getJsonArray("eventIds");
    assertEquals(1, ids.size());
    assertEquals(0, api.get("/api/deliveries").json().getJsonArray("data").size());
  }

  @Test
  void genericIngestWithSourceWorkflowIdReachesTheWorkflowWebhook() {
    api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/generic") + "\"}")
        .expect(201);
    String id =
        api.post(
                "/api/events",
                "{\"type\":\"SIGNATURES_COMPLETED\",\"data\":{\"signer\":\"x\"},\"source\":{\"workflowId\":\""
                    + wkf
                    + "\"}}")
            .expect(202)
            .json()
            .getString("id");
    assertTrue(id.matches("[0-9a-f]{48}"), id);
    Receiver.Received r = receiver.await("/generic", 1, WAIT).get(0);
    assertEquals(id, JsonBodies.object(r.bodyText()).getString("event_id"));
  }

  @Test
  void failingReceiverIsRetriedAndGoneDeactivates() {
    receiver.script("/flaky", Reply.status(500), Reply.status(200));
    api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/flaky") + "\"}")
        .expect(201);
    api.post(path("/events"), "{\"event_type\":\"EMAILS_CREATED\",\"items\":[{\"n\":1}]}")
        .expect(202);
    List<Receiver.Received> got = receiver.await("/flaky", 2, WAIT);
    assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"));

    receiver.script("/flaky", Reply.status(410));
    api.post(path("/events"), "{\"event_type\":\"EMAILS_CREATED\",\"items\":[{\"n\":2}]}")
        .expect(202);
    Await.until(
        () -> !api.get(path("/outgoing-webhooks/")).json().getBoolean("active"),
        WAIT,
        "the webhook to be inactive after 410");
    assertFalse(api.get(path("/outgoing-webhooks/")).json().getBoolean("active"));
  }

  /**
   * Portant documents {@code 403 Unauthorised} with an Error body for an unauthorised request: a
   * missing or wrong key on a Portant path answers that (401 stays on the other paths).
   */
  @Test
  void aMissingOrWrongKeyIs403UnauthorisedOnPortantPaths() {
    for (Api.Resp r :
        List.of(
            Api.anonymous(path("/outgoing-webhooks/")),
            new Api("not-a-key", null).get(path("/outgoing-webhooks/")),
            new Api("not-a-key", null)
                .post(
                    path("/outgoing-webhooks/"),
                    "{\"webhookUrl\":\"" + receiver.url("/w") + "\"}"))) {
      problem(r, 403);
      assertEquals("Unauthorised", r.json().getString("title"), r.body());
    }
    assertEquals(401, Api.anonymous("/api/endpoints").status(), "other paths keep 401");
  }

  /** A PATCH that sets no field it may change is refused, not answered 200 with nothing done. */
  @Test
  void aPatchThatChangesNothingIsRefused() {
    api.post(path("/outgoing-webhooks/"), "{\"webhookUrl\":\"" + receiver.url("/w") + "\"}")
        .expect(201);
    for (String body : List.of("{}", "{\"id\":\"owc_abc\"}")) {
      Api.Resp r = api.patch(path("/outgoing-webhooks/"), body);
      problem(r, 400);
      assertTrue(r.body().contains("webhookUrl"), r.body());
    }
    api.patch(path("/outgoing-webhooks/"), "{\"active\":true}").expect(200);
  }
}
