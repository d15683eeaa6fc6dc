package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.Receiver;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One tenant's configuration that throws in the engine's threads fails that tenant's attempts, and
 * no tenant's delivery stops. The template is the one that was seen to kill the claim pump (and,
 * after a restart, to kill it again): an inline partial that includes itself while the event has a
 * second issue, so rendering recurses until the stack overflows.
 */
class LoopSurvivalIT {
  /** Generous for a loaded 2-core machine; before the fix the healthy events never arrived. */
  static final Duration ARRIVES = Duration.ofSeconds(15);

  static final String RECURSIVE_TEMPLATE =
      "{\\\"a\\\":1}{{#*inline \\\"p\\\"}}{{#if @root.data.issues.[1]}}{{> p}}{{/if}}{{/inline}}"
          + "{{> p}}";

  private final Receiver receiver = new Receiver();
  private final Api hostile = Api.newTenant("hostile-template-" + UUID.randomUUID());
  private final Api healthy = Api.newTenant("healthy-neighbour-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aTemplateThatOverflowsTheStackFailsOnlyItsOwnAttempts() {
    String webhook =
        hostile
            .post(
                "/api/integration-webhooks",
                "{\"name\":\"recursive\",\"url\":\""
                    + receiver.url("/hostile")
                    + "\",\"bodyTemplate\":\""
                    + RECURSIVE_TEMPLATE
                    + "\"}")
            .expect(201)
            .json()
            .getString("id");
    assertTrue(webhook.length() > 0);
    String healthyEndpoint =
        healthy
            .post("/api/endpoints", "{\"url\":\"" + receiver.url("/healthy") + "\"}")
            .expect(201)
            .json()
            .getString("id");

    // Two issues: the partial includes itself without end.
    hostile
        .post(
            "/api/integrations/db-x/status",
            "{\"name\":\"DB\",\"type\":\"postgresql\",\"status\":\"ERROR\",\"issues\":["
                + "{\"status\":\"ERROR\",\"message\":\"one\"},"
                + "{\"status\":\"ERROR\",\"message\":\"two\"}]}")
        .expect(202);

    // The hostile delivery is attempted (claimed at ingest, then its retries through the claim
    // path), and every attempt fails with the reason; nothing reaches the hostile receiver.
    // The attempt count moves when a delivery is claimed, its attempt row when the result is
    // recorded: wait for three recorded attempts.
    JsonArray attempts =
        Await.value(
            () -> {
              JsonObject d = onlyDelivery(hostile);
              return d == null
                  ? JsonArray.EMPTY_JSON_ARRAY
                  : hostile
                      .get("/api/deliveries/" + d.getString("id"))
                      .expect(200)
                      .json()
                      .getJsonArray("attempts");
            },
            a -> a.size() >= 3,
            Duration.ofSeconds(60),
            "three recorded attempts of the recursive template's delivery");
    assertTrue(attempts.size() >= 3, attempts.toString());
    for (JsonObject a : attempts.getValuesAs(JsonObject.class)) {
      assertTrue(!a.getBoolean("succeeded"), a.toString());
      String error = a.getString("error");
      assertTrue(error.contains("could not be built"), error);
      assertTrue(error.contains("StackOverflowError"), error);
    }
    assertEquals(0, receiver.at("/hostile").size(), "nothing sent for the broken template");

    // Meanwhile and afterwards, the other tenant's events arrive, one after the other.
    for (int i = 1; i <= 3; i++) {
      healthy
          .post("/api/events", "{\"type\":\"order.paid\",\"data\":{\"n\":" + i + "}}")
          .expect(202);
      receiver.await("/healthy", i, ARRIVES);
    }
    Await.until(
        () ->
            healthy
                    .get("/api/deliveries?endpointId=" + healthyEndpoint + "&status=succeeded")
                    .json()
                    .getJsonArray("data")
                    .size()
                == 3,
        ARRIVES,
        "the healthy tenant's three deliveries recorded as succeeded");

    // The dispatcher loops are alive: liveness says so.
    Api.Resp live = Api.anonymous("/health/live");
    assertEquals(200, live.status(), live.body());
    assertTrue(live.body().contains("\"UP\""), live.body());
  }

  private static JsonObject onlyDelivery(Api api) {
    JsonArray data = api.get("/api/deliveries").expect(200).json().getJsonArray("data");
    return data.isEmpty() ? null : data.getJsonObject(0);
  }
}
