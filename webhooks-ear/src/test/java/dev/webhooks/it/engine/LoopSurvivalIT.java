package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.tools.Receiver;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One tenant's template cannot stop delivery for the others. The template that was seen to kill the
 * claim pump (and, after a restart, to kill it again: an inline partial that includes itself while
 * the event has a second issue) is refused at save, as is one that fits the one-issue sample but
 * would write a quadratic body for the largest report; templates that are accepted render within
 * their budget whatever is reported. What a style throws at send time all the same fails only its
 * attempt ({@code DeliveryWorkerTest}, {@code DispatcherTest}).
 */
class LoopSurvivalIT {
  /** Generous for a loaded 2-core machine; before the fix the healthy events never arrived. */
  static final Duration ARRIVES = Duration.ofSeconds(15);

  static final String RECURSIVE_TEMPLATE =
      "{\\\"a\\\":1}{{#*inline \\\"p\\\"}}{{#if @root.data.issues.[1]}}{{> p}}{{/if}}{{/inline}}"
          + "{{> p}}";

  static final String QUADRATIC_TEMPLATE =
      "[{{#each data.issues}}{{#each @root.data.issues}}\\\"{{message}}\\\",{{/each}}{{/each}}"
          + "\\\"\\\"]";

  private final Receiver receiver = new Receiver();
  private final Api hostile = Api.newTenant("hostile-template-" + UUID.randomUUID());
  private final Api healthy = Api.newTenant("healthy-neighbour-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aTemplateThatWouldOverflowTheStackOrOutgrowItsBudgetIsRefusedAtSave() {
    String healthyEndpoint =
        healthy
            .post("/api/endpoints", "{\"url\":\"" + receiver.url("/healthy") + "\"}")
            .expect(201)
            .json()
            .getString("id");
    assertRefused(RECURSIVE_TEMPLATE, "not supported");
    assertRefused(QUADRATIC_TEMPLATE, "WEBHOOKS_TEMPLATE_MAX_OUTPUT");
    // Test (unsaved) checks the same way.
    Api.Resp test =
        hostile.post(
            "/api/integration-webhooks/test",
            "{\"name\":\"t\",\"url\":\""
                + receiver.url("/hostile")
                + "\",\"bodyTemplate\":\""
                + RECURSIVE_TEMPLATE
                + "\"}");
    assertEquals(400, test.status(), test.body());

    // Nothing was saved, so a report with two issues emits an event no webhook of the tenant
    // renders; the other tenant's events arrive, one after the other.
    hostile
        .post(
            "/api/integrations/db-x/status",
            "{\"name\":\"DB\",\"type\":\"postgresql\",\"status\":\"ERROR\",\"issues\":["
                + "{\"status\":\"ERROR\",\"message\":\"one\"},"
                + "{\"status\":\"ERROR\",\"message\":\"two\"}]}")
        .expect(202);
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
    assertEquals(0, receiver.at("/hostile").size(), "nothing sent for a refused template");

    // The dispatcher loops are alive: liveness says so.
    Api.Resp live = Api.anonymous("/health/live");
    assertEquals(200, live.status(), live.body());
    assertTrue(live.body().contains("\"UP\""), live.body());
  }

  private void assertRefused(String template, String why) {
    Api.Resp r =
        hostile.post(
            "/api/integration-webhooks",
            "{\"name\":\"refused\",\"url\":\""
                + receiver.url("/hostile")
                + "\",\"bodyTemplate\":\""
                + template
                + "\"}");
    assertEquals(400, r.status(), r.body());
    JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("bodyTemplate", error.getString("field"), r.body());
    assertTrue(error.getString("message").contains(why), r.body());
  }
}
