package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.client.ApiClient;
import dev.webhooks.client.api.DeliveriesApi;
import dev.webhooks.client.api.EndpointsApi;
import dev.webhooks.client.api.EventsApi;
import dev.webhooks.client.model.Accepted;
import dev.webhooks.client.model.AttemptResponse;
import dev.webhooks.client.model.DeliveryResponse;
import dev.webhooks.client.model.EndpointRequest;
import dev.webhooks.client.model.EndpointResponse;
import dev.webhooks.client.model.EventRequest;
import dev.webhooks.client.model.PageResponseDeliveryResponse;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.tools.Receiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is the contract: identical to the committed one the Java client is
 * generated from ({@code src/test/openapi/openapi.json}), complete for every operation, and usable:
 * the generated client creates an endpoint, sends an event and reads the delivery with its
 * attempts.
 *
 * <p>After an intended API change, run this test with {@code -Dopenapi.update=true}: it writes the
 * served document over the committed one (then commit it) instead of failing.
 */
class OpenApiContractIT {
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static JsonObject served() {
    Api.Resp r = Api.anonymous("/openapi?format=JSON");
    assertEquals(200, r.status());
    return r.json();
  }

  @Test
  void theServedDocumentIsTheCommittedOne() throws Exception {
    Path snapshot = Path.of(System.getProperty("it.openapiSnapshot"));
    String served = canonical(served());
    String committed = canonical(read(Files.readString(snapshot, StandardCharsets.UTF_8)));
    if (!served.equals(committed) && Boolean.getBoolean("openapi.update")) {
      Files.writeString(snapshot, served, StandardCharsets.UTF_8);
      return;
    }
    assertEquals(
        committed,
        served,
        "the served OpenAPI document differs from "
            + snapshot
            + ": if the change is intended, run this test with -Dopenapi.update=true and commit the file");
  }

  @Test
  void everyOperationIsNamedSummarisedSecuredAndDocumentsItsProblems() {
    JsonObject doc = served();
    assertTrue(doc.getString("openapi").startsWith("3.1"), doc.getString("openapi"));
    assertNotNull(doc.getJsonObject("info").getJsonObject("license"), "info.license");
    assertTrue(
        doc.getJsonObject("components").getJsonObject("schemas").containsKey("Problem"),
        "a shared Problem schema");
    Set<String> ids = new HashSet<>();
    int operations = 0;
    for (Map.Entry<String, JsonValue> path : doc.getJsonObject("paths").entrySet()) {
      assertFalse(path.getKey().contains("{slash}"), path.getKey());
      for (Map.Entry<String, JsonValue> op : path.getValue().asJsonObject().entrySet()) {
        if (!METHODS.contains(op.getKey())) {
          continue;
        }
        operations++;
        String where = op.getKey().toUpperCase() + " " + path.getKey();
        JsonObject o = op.getValue().asJsonObject();
        String id = o.getString("operationId", "");
        assertTrue(id.matches("[a-z][A-Za-z]+"), where + ": operationId '" + id + "'");
        assertTrue(ids.add(id), where + ": operationId " + id + " is used twice");
        assertFalse(o.getString("summary", "").isBlank(), where + ": summary");
        assertFalse(o.getJsonArray("security").isEmpty(), where + ": security");
        int problems = 0;
        for (Map.Entry<String, JsonValue> resp : o.getJsonObject("responses").entrySet()) {
          if (resp.getKey().startsWith("4")) {
            JsonObject schema =
                resp.getValue()
                    .asJsonObject()
                    .getJsonObject("content")
                    .getJsonObject("application/problem+json")
                    .getJsonObject("schema");
            assertEquals("#/components/schemas/Problem", schema.getString("$ref"), where);
            problems++;
          }
        }
        assertTrue(problems >= 1, where + ": no 4xx problem response");
      }
    }
    assertTrue(operations >= 60, "operations: " + operations);
  }

  @Test
  void aGeneratedClientCreatesAnEndpointSendsAnEventAndReadsTheDelivery() throws Exception {
    Api tenant = Api.newTenant("generated-client-" + UUID.randomUUID());
    try (Receiver receiver = new Receiver()) {
      ApiClient client = new ApiClient();
      client.updateBaseUri(Api.BASE);
      client.setReadTimeout(Duration.ofSeconds(60));
      client.setConnectTimeout(Duration.ofSeconds(10));
      client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + tenant.key()));

      EndpointResponse endpoint =
          new EndpointsApi(client)
              .createEndpoint(
                  new EndpointRequest()
                      .url(receiver.url("/generated"))
                      .eventTypes(List.of("invoice.paid"))
                      .timeoutSeconds(10));
      assertTrue(endpoint.getSecret().startsWith("whsec_"), "the secret is shown on create");

      Accepted accepted =
          new EventsApi(client)
              .submitEvent(new EventRequest().type("invoice.paid").data(Map.of("invoice", 42)));
      assertEquals(1, accepted.getDeliveries());

      Receiver.Received received = receiver.await("/generated", 1, DeliveryIT.WAIT).get(0);
      assertTrue(Signatures.valid(endpoint.getSecret(), received));
      assertEquals(accepted.getId(), received.header("webhook-id"));

      DeliveriesApi deliveries = new DeliveriesApi(client);
      PageResponseDeliveryResponse page =
          Await.value(
              () -> {
                try {
                  return deliveries.listDeliveries(
                      null, endpoint.getId(), null, null, null, "succeeded", null);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              p -> p.getData() != null && p.getData().size() == 1,
              DeliveryIT.WAIT,
              "the delivery recorded as succeeded");
      DeliveryResponse delivery = deliveries.getDelivery(page.getData().get(0).getId());
      assertEquals("succeeded", delivery.getStatus());
      assertEquals(accepted.getId(), delivery.getEventId());
      assertEquals(1, delivery.getAttempts().size());
      AttemptResponse attempt = delivery.getAttempts().get(0);
      assertTrue(attempt.getSucceeded());
      assertEquals(204, attempt.getResponse().getStatus());
      assertEquals(receiver.url("/generated"), attempt.getRequest().getUrl());
    }
  }

  private static JsonObject read(String json) {
    try (var r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  /** The document with its keys sorted at every level and pretty-printed: one text per meaning. */
  static String canonical(JsonValue v) {
    JsonWriterFactory f = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter out = new StringWriter();
    try (var w = f.createWriter(out)) {
      w.write(sorted(v));
    }
    return out.toString().trim() + "\n";
  }

  private static JsonValue sorted(JsonValue v) {
    if (v instanceof JsonObject o) {
      var b = Json.createObjectBuilder();
      new TreeMap<>(o).forEach((k, x) -> b.add(k, sorted(x)));
      return b.build();
    }
    if (v instanceof jakarta.json.JsonArray a) {
      var b = Json.createArrayBuilder();
      a.forEach(x -> b.add(sorted(x)));
      return b.build();
    }
    return v;
  }
}
