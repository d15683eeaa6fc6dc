package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.tools.Receiver;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input always gets a 4xx problem naming the field; tenants never see each other's data. */
class ValidationAndTenancyIT {
  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("validation-it-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static void assertProblem(Api.Resp r, int status, String field) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    JsonObject p = r.json();
    assertEquals(status, p.getInt("status"));
    assertTrue(
        p.containsKey("title") && p.containsKey("type") && p.containsKey("detail"), r.body());
    if (field != null) {
      assertTrue(
          p.getJsonArray("errors").stream()
              .anyMatch(e -> e.asJsonObject().getString("field").equals(field)),
          "errors name " + field + ": " + r.body());
    }
  }

  @Test
  void authenticationIsRequired() {
    assertProblem(Api.anonymous("/api/endpoints"), 401, null);
    assertProblem(new Api("wrong-key", null).get("/api/endpoints"), 401, null);
  }

  @Test
  void malformedJsonIsA400Problem() {
    assertProblem(api.post("/api/endpoints", "{\"url\": "), 400, null);
    assertProblem(api.post("/api/events", "not json"), 400, null);
  }

  @Test
  void wrongTypesAndMissingFieldsAreNamed() {
    assertProblem(api.post("/api/endpoints", "{}"), 400, "url");
    assertProblem(
        api.post(
            "/api/endpoints",
            "{\"url\":\"" + receiver.url("/x") + "\",\"timeoutSeconds\":\"soon\"}"),
        400,
        "timeoutSeconds");
    assertProblem(
        api.post(
            "/api/endpoints", "{\"url\":\"" + receiver.url("/x") + "\",\"timeoutSeconds\":61}"),
        400,
        "timeoutSeconds");
    assertProblem(
        api.post(
            "/api/endpoints",
            "{\"url\":\"" + receiver.url("/x") + "\",\"retryPolicy\":{\"delays\":[\"x\"]}}"),
        400,
        "retryPolicy.delays[0]");
    assertProblem(api.post("/api/events", "{\"data\":{}}"), 400, "type");
    assertProblem(api.post("/api/events", "{\"type\":\"t\"}"), 400, "data");
    assertProblem(api.post("/api/events", "[1,2]"), 400, "body");
    assertProblem(api.get("/api/endpoints?limit=0"), 400, "limit");
    assertProblem(api.get("/api/deliveries?since=yesterday"), 400, "since");
  }

  @Test
  void badAndPrivateUrlsAreRefused() {
    for (String url :
        new String[] {
          "ftp://example.com/x",
          "https://10.0.0.1/hook",
          "https://192.168.1.10/hook",
          "https://169.254.169.254/latest/meta-data",
          "https://[fd00::1]/hook",
          "https://[::ffff:10.0.0.1]/hook",
          "https://user:pw@example.com/hook",
          "not a url"
        }) {
      assertProblem(api.post("/api/endpoints", "{\"url\":\"" + url + "\"}"), 400, "url");
    }
  }

  @Test
  void oversizeBodyIs413() {
    byte[] big = new byte[1024 * 1024 + 10];
    Arrays.fill(big, (byte) 'a');
    String json = "{\"type\":\"t\",\"data\":\"" + new String(big) + "\"}";
    assertProblem(api.post("/api/events", json), 413, null);
  }

  @Test
  void unknownIdsAre404Problems() {
    assertProblem(api.get("/api/endpoints/" + UUID.randomUUID()), 404, null);
    assertProblem(api.get("/api/deliveries/" + UUID.randomUUID()), 404, null);
  }

  @Test
  void anotherTenantCannotSeeOrChangeEndpointsOrDeliveries() {
    Api other = Api.newTenant("other-" + UUID.randomUUID());
    String id =
        api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/mine") + "\"}")
            .expect(201)
            .json()
            .getString("id");
    api.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
    receiver.await("/mine", 1, DeliveryIT.WAIT);
    assertProblem(other.get("/api/endpoints/" + id), 404, null);
    assertProblem(other.patch("/api/endpoints/" + id, "{\"description\":\"x\"}"), 404, null);
    assertProblem(other.delete("/api/endpoints/" + id), 404, null);
    assertProblem(other.get("/api/endpoints/" + id + "/secret"), 404, null);
    assertEquals(0, other.get("/api/endpoints").json().getJsonArray("data").size());
    assertEquals(0, other.get("/api/deliveries").json().getJsonArray("data").size());
    String deliveryId =
        api.get("/api/deliveries").json().getJsonArray("data").getJsonObject(0).getString("id");
    assertProblem(other.get("/api/deliveries/" + deliveryId), 404, null);
    assertProblem(other.post("/api/deliveries/" + deliveryId + "/resend", ""), 404, null);
    // and the other tenant's events do not reach this tenant's endpoint
    other.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
    assertEquals(1, api.get("/api/deliveries").json().getJsonArray("data").size());
    // only the bootstrap key creates tenants
    assertProblem(other.post("/api/tenants", "{\"name\":\"x\"}"), 403, null);
  }

  @Test
  void listsArePagedWithACursor() {
    for (int i = 0; i < 3; i++) {
      api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/p" + i) + "\"}").expect(201);
    }
    JsonObject page1 = api.get("/api/endpoints?limit=2").expect(200).json();
    assertEquals(2, page1.getJsonArray("data").size());
    String cursor = page1.getString("nextCursor");
    JsonObject page2 = api.get("/api/endpoints?limit=2&cursor=" + cursor).expect(200).json();
    assertEquals(1, page2.getJsonArray("data").size());
    assertTrue(page2.isNull("nextCursor"), "the last page says so with a null cursor");
  }
}
