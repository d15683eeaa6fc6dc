package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.jmsapp.JmsSenderApp;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events sent over JMS by another application on the server are ingested like REST ones, and a
 * message that cannot be ingested does not stop the listener.
 */
class JmsIngestIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path war;

  /** Deploys the sender application into the test server's dropins directory. */
  @BeforeAll
  static void deploySender() throws IOException {
    Path serverDir = Path.of(System.getProperty("it.serverDir"));
    war = serverDir.resolve("dropins").resolve("jms-sender.war");
    TestApps.write(war, JmsSenderApp.class, JmsSenderApp.Sender.class, JmsSenderApp.Failed.class);
    Await.until(() -> send(null, "{}") != 404, DeliveryIT.WAIT, "the JMS sender app to start");
  }

  /**
   * Removes the sender application and waits until it is gone (a test deploying it next must not
   * see it leave).
   */
  @AfterAll
  static void undeploy() throws IOException {
    Files.deleteIfExists(war);
    Await.until(
        () -> Api.anonymous("/jms-sender/failed?tenantId=none").status() == 404,
        DeliveryIT.WAIT,
        "the JMS sender app to be removed");
  }

  static int send(String tenantId, String body) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          Api.BASE
                              + "/jms-sender/send"
                              + (tenantId == null ? "" : "?tenantId=" + tenantId)))
                  // A request that reached the sender while it was being deployed was seen to get
                  // no answer at all: time out and poll again.
                  .timeout(Duration.ofSeconds(20))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (IOException e) { // HttpTimeoutException included
      return 404;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 404;
    }
  }

  static String failed(String tenantId) {
    return failed(tenantId, false);
  }

  static String failed(String tenantId, boolean meta) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          Api.BASE
                              + "/jms-sender/failed?tenantId="
                              + tenantId
                              + (meta ? "&meta=true" : "")))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Test
  void poisonMessagesGoToTheFailedQueueWithTheirReason() {
    Api api = Api.newTenant("jms-poison-" + UUID.randomUUID());
    assertEquals(200, send(api.tenantId, "this is not json"));
    assertEquals(200, send(api.tenantId, "{\"type\":\"t\"}"));
    assertEquals(200, send(api.tenantId, "[".repeat(100) + "]".repeat(100)));
    StringBuilder seen = new StringBuilder();
    Await.until(
        () -> seen.append(failed(api.tenantId)).toString().split("\n").length >= 3,
        DeliveryIT.WAIT,
        "three messages in the failed queue");
    String lines = seen.toString();
    assertTrue(lines.contains("not valid JSON"), lines);
    assertTrue(lines.contains("\tthis is not json"), "the body is kept with its reason: " + lines);
    assertTrue(lines.contains("data: is required"), lines);
    assertTrue(lines.contains("nested too deeply"), lines);
  }

  /**
   * A body over {@code WEBHOOKS_JMS_MAX_BODY} is refused without being parsed; what the failed
   * queue keeps of it is cut to 64 Ki characters, marked, and expires ({@code
   * WEBHOOKS_JMS_FAILED_TTL_HOURS}, 168); a message of the right size right after it is ingested.
   */
  @Test
  void anOversizedBodyIsRefusedCutAndExpiresWhileTheNextMessageIsIngested() {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("jms-size-" + UUID.randomUUID());
      api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/after") + "\"}").expect(201);
      String big = "{\"type\":\"t\",\"data\":{\"x\":\"" + "a".repeat(1_048_576) + "\"}}";
      assertEquals(200, send(api.tenantId, big));
      assertEquals(200, send(api.tenantId, "{\"type\":\"t\",\"data\":{\"n\":1}}"));
      receiver.await("/after", 1, DeliveryIT.WAIT);

      StringBuilder seen = new StringBuilder();
      Await.until(
          () -> !seen.append(failed(api.tenantId, true)).isEmpty(),
          DeliveryIT.WAIT,
          "the oversized message in the failed queue");
      String[] line = seen.toString().split("\n")[0].split("\t");
      assertEquals(
          "body longer than 1048576 characters (WEBHOOKS_JMS_MAX_BODY)", line[0], seen.toString());
      assertEquals("true", line[1], "marked as cut");
      long expiresIn = Long.parseLong(line[2]);
      assertTrue(
          expiresIn > Duration.ofDays(6).toMillis() && expiresIn <= Duration.ofDays(7).toMillis(),
          "expires after WEBHOOKS_JMS_FAILED_TTL_HOURS: " + expiresIn);
      assertEquals(64 * 1024, Integer.parseInt(line[3]), "kept: the first 64 Ki characters");
    }
  }

  /**
   * Only applications deployed in the server can send (their tenantId property is trusted): the
   * messaging engine's network endpoint is off unless WEBHOOKS_JMS_REMOTE turns it on, so no
   * process, not even one of the same host, can post a message naming a tenant.
   */
  @Test
  void theMessagingEngineAcceptsNoNetworkConnection() throws IOException {
    Map<String, String> settings = ItServer.buildSettings();
    for (String port : List.of(settings.get("JMS_PORT"), settings.get("JMS_SSL_PORT"))) {
      try (Socket s = new Socket()) {
        assertThrows(
            ConnectException.class,
            () -> s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 5000),
            "nothing listens on JMS port " + port);
      }
    }
  }

  /**
   * JMS messages carry an {@code orderingKey} as REST events do (its limit too); they are processed
   * concurrently, so they have no order among themselves (README, "Ordered (FIFO) delivery").
   */
  @Test
  void anOrderingKeyOverJmsJoinsItsSequenceAndAnOverlongOneIsRefused() {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("jms-fifo-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(receiver.url("/jms-fifo"), "\"ordering\":\"fifo\"").getString("id");
      assertEquals(
          200, send(api.tenantId, "{\"type\":\"t\",\"data\":{},\"orderingKey\":\"order-7\"}"));
      receiver.await("/jms-fifo", 1, DeliveryIT.WAIT);
      Await.until(
          () -> api.deliveries(ep, "succeeded").size() == 1, DeliveryIT.WAIT, "the delivery");
      assertEquals(
          "order-7", api.deliveries(ep, "succeeded").getJsonObject(0).getString("orderingKey"));
      assertEquals(
          200,
          send(
              api.tenantId,
              "{\"type\":\"t\",\"data\":{},\"orderingKey\":\"" + "k".repeat(257) + "\"}"));
      StringBuilder seen = new StringBuilder();
      Await.until(
          () -> seen.append(failed(api.tenantId)).toString().contains("orderingKey"),
          DeliveryIT.WAIT,
          "the overlong key refused to the failed queue");
      assertTrue(
          seen.toString().contains("orderingKey: must be 1 to 256 characters"), seen.toString());
      assertEquals(
          200, send(api.tenantId, "{\"type\":\"t\",\"data\":{},\"orderingKey\":\"a\\u0000b\"}"));
      StringBuilder nul = new StringBuilder();
      Await.until(
          () -> nul.append(failed(api.tenantId)).toString().contains("NUL"),
          DeliveryIT.WAIT,
          "the key with a NUL character refused to the failed queue");
      assertTrue(
          nul.toString().contains("orderingKey: must not contain the NUL character (U+0000)"),
          nul.toString());
    }
  }

  @Test
  void anIdempotencyKeyMakesARepeatedJmsMessageHarmless() {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("jms-idem-" + UUID.randomUUID());
      String ep =
          api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/idem") + "\"}")
              .expect(201)
              .json()
              .getString("id");
      String body = "{\"type\":\"t\",\"data\":{\"n\":1},\"idempotencyKey\":\"k-1\"}";
      assertEquals(200, send(api.tenantId, body));
      receiver.await("/idem", 1, DeliveryIT.WAIT);
      // Twenty repeats, then a last event. The listeners (at most 4 at once) take messages in
      // order, so by the time the last one is ingested at least 16 repeats were: had any of them
      // created a delivery, more than two would have arrived.
      for (int i = 0; i < 20; i++) {
        assertEquals(200, send(api.tenantId, body));
      }
      assertEquals(200, send(api.tenantId, "{\"type\":\"t\",\"data\":{\"last\":true}}"));
      receiver.await("/idem", 2, DeliveryIT.WAIT);
      Await.until(
          () -> api.get("/api/deliveries?endpointId=" + ep).json().getJsonArray("data").size() >= 2,
          DeliveryIT.WAIT,
          "two deliveries recorded");
      assertEquals(
          2,
          api.get("/api/deliveries?endpointId=" + ep).json().getJsonArray("data").size(),
          "the repeats created no delivery");
      assertEquals(2, receiver.at("/idem").size(), "the repeat created no delivery");
    }
  }

  private static String report(String status) {
    return "{\"type\":\"IntegrationStatusReport\",\"data\":{\"integrationId\":\"db-9\","
        + "\"name\":\"DB 9\",\"type\":\"postgresql\",\"status\":\""
        + status
        + "\",\"issues\":[{\"status\":\""
        + status
        + "\",\"message\":\"m\"}]}}";
  }

  @Test
  void integrationStatusReportsThroughRestIngestAndJmsTellTheIntegrationWebhooks() {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("jms-report-" + UUID.randomUUID());
      api.post(
              "/api/integration-webhooks",
              "{\"name\":\"states\",\"url\":\""
                  + receiver.url("/states")
                  + "\",\"bodyTemplate\":\"{\\\"title\\\": \\\"{{data.name}} is {{data.status}}\\\"}\"}")
          .expect(201);
      // Through the generic REST ingest: a change from the first state (ACTIVE).
      api.post("/api/events", report("WARNING")).expect(202);
      Receiver.Received warning = receiver.await("/states", 1, DeliveryIT.WAIT).get(0);
      assertEquals("DB 9 is WARNING", JsonBodies.object(warning.bodyText()).getString("title"));
      // Through JMS: another change.
      assertEquals(200, send(api.tenantId, report("ERROR")));
      Receiver.Received error = receiver.await("/states", 2, DeliveryIT.WAIT).get(1);
      assertEquals("DB 9 is ERROR", JsonBodies.object(error.bodyText()).getString("title"));

      // A report that is not one: refused over REST, to the failed queue over JMS.
      Api.Resp bad = api.post("/api/events", report("BROKEN"));
      assertEquals(400, bad.status(), bad.body());
      assertTrue(bad.body().contains("must be ACTIVE, WARNING or ERROR"), bad.body());
      assertEquals(200, send(api.tenantId, report("BROKEN")));
      Await.until(
          () -> failed(api.tenantId).contains("must be ACTIVE, WARNING or ERROR"),
          DeliveryIT.WAIT,
          "the bad report in the failed queue with its reason");

      // The same status again over JMS changes nothing: no third request.
      assertEquals(200, send(api.tenantId, report("ERROR")));
      Await.holds(
          () -> receiver.at("/states").size() == 2,
          Duration.ofSeconds(3),
          "a repeated status tells nobody");
    }
  }

  @Test
  void jmsEventIsDeliveredAndPoisonMessagesDoNotStopTheListener() {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("jms-it-" + UUID.randomUUID());
      api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/jms") + "\"}").expect(201);
      // a poison message first: not JSON, then one with an unknown tenant, then a good one
      assertEquals(200, send(api.tenantId, "this is not json"));
      assertEquals(200, send(UUID.randomUUID().toString(), "{\"type\":\"t\",\"data\":{}}"));
      assertEquals(
          200, send(api.tenantId, "{\"type\":\"order.shipped\",\"data\":{\"via\":\"jms\"}}"));
      Receiver.Received r = receiver.await("/jms", 1, DeliveryIT.WAIT).get(0);
      var body = JsonBodies.object(r.bodyText());
      assertEquals("order.shipped", body.getString("type"));
      assertEquals("jms", body.getJsonObject("data").getString("via"));
      assertEquals(body.getString("id"), r.header("webhook-id"));
    }
  }
}
