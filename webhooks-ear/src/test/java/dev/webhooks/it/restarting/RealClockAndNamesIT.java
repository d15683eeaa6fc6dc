package dev.webhooks.it.restarting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.net.InetAddress;
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
 * The server with the settings of production where the other tests cannot have them: the real retry
 * clock ({@code WEBHOOKS_RETRY_TIME_SCALE=1}), and host names resolved by a hosts file of the
 * test's own ({@code -Djdk.net.hosts.file}, no address cache), so that a name can resolve to a
 * private address, or start resolving to one after it was saved. Nothing is ever sent to the
 * private address: the rules refuse it before a connection is made.
 */
class RealClockAndNamesIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String PRIVATE_NAME = "intranet.example.test";
  static final String REBINDING_NAME = "rebinding.example.test";
  static final String PRIVATE_ADDRESS = "10.20.30.40";

  private static Path hosts;

  @BeforeAll
  static void start() throws Exception {
    hosts = Files.createTempFile("webhooks-it-hosts", ".txt");
    writeHosts("127.0.0.1");
    ItServer.restartWith(
        Map.of(
            "WEBHOOKS_RETRY_TIME_SCALE",
            "1",
            "JVM_ARGS",
            "-Djdk.net.hosts.file="
                + hosts
                + " -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0"));
  }

  @AfterAll
  static void restore() throws Exception {
    ItServer.restore();
    Files.deleteIfExists(hosts);
  }

  /** The hosts file: this machine's names, a private name, and the rebinding name at {@code at}. */
  private static void writeHosts(String rebindingAddress) throws Exception {
    String self;
    try {
      self = InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      self = "localhost";
    }
    Files.writeString(
        hosts,
        "127.0.0.1 localhost "
            + self
            + "\n::1 localhost\n"
            + PRIVATE_ADDRESS
            + " "
            + PRIVATE_NAME
            + "\n"
            + rebindingAddress
            + " "
            + REBINDING_NAME
            + "\n");
  }

  private static void refused(Api.Resp r, String field) {
    assertEquals(400, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
    assertEquals(field, error.getString("field"), r.body());
    assertTrue(error.getString("message").contains("non-public address (10.0.0.0/8)"), r.body());
  }

  @Test
  void trutoRetriesComeTwoFourAndEightSecondsApart() {
    try (Receiver receiver = new Receiver()) {
      receiver.script("/down", Reply.status(500));
      Api api = Api.newTenant("real-clock-" + UUID.randomUUID());
      String id =
          api.post("/api/webhook", "{\"target_url\":\"" + receiver.url("/down") + "\"}")
              .expect(201)
              .json()
              .getString("id");
      api.post("/api/events", "{\"type\":\"record:deleted\",\"data\":{}}").expect(202);
      List<Receiver.Received> got = receiver.await("/down", 4, WAIT);
      long[] planned = {2000, 4000, 8000};
      for (int i = 1; i < 4; i++) {
        long gap = Duration.between(got.get(i - 1).at(), got.get(i).at()).toMillis();
        assertTrue(
            gap >= planned[i - 1] - 5 && gap < planned[i - 1] + 1500,
            "retry " + i + " after " + gap + " ms, planned " + planned[i - 1]);
      }
      Await.until(
          () -> api.deliveries(id, "failed").size() == 1, WAIT, "the delivery to fail after three");
      assertEquals(4, receiver.at("/down").size(), "one attempt and three retries, no more");
    }
  }

  @Test
  void aNameResolvingToAPrivateAddressIsRefusedWhereverADestinationIsSaved() {
    Api api = Api.newTenant("private-name-" + UUID.randomUUID());
    String url = "http://" + PRIVATE_NAME + ":8080/hook";
    refused(api.post("/api/endpoints", "{\"url\":\"" + url + "\"}"), "url");
    refused(api.post("/api/webhook", "{\"target_url\":\"" + url + "\"}"), "target_url");
    refused(
        api.post(
            "/api/integration-webhooks",
            "{\"name\":\"n\",\"url\":\"" + url + "\",\"bodyTemplate\":\"{}\"}"),
        "url");
    refused(
        api.post(
            "/api/workflows/wkf-" + UUID.randomUUID() + "/outgoing-webhooks/",
            "{\"webhookUrl\":\"" + url + "\"}"),
        "webhookUrl");
    refused(
        api.put(
            "/api/" + api.tenantId + "/projects/p",
            "{\"apis\":{\"list\":{\"url\":\"" + url + "\"}}}"),
        "apis.list.url");
  }

  @Test
  void aNameThatStartsResolvingToAPrivateAddressIsRefusedBeforeConnecting() throws Exception {
    try (Receiver receiver = new Receiver()) {
      // Each answer closes its connection, so the second delivery must resolve and connect anew.
      receiver.script("/r", Reply.status(204).withHeader("Connection", "close"));
      Api api = Api.newTenant("rebinding-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(
                  "http://" + REBINDING_NAME + ":" + receiver.port() + "/r",
                  "\"retryPolicy\":{\"delays\":[]}")
              .getString("id");
      api.post("/api/events", "{\"type\":\"t\",\"data\":{\"n\":1}}").expect(202);
      receiver.await("/r", 1, WAIT);
      Await.until(() -> api.deliveries(ep, "succeeded").size() == 1, WAIT, "the first delivery");

      writeHosts(PRIVATE_ADDRESS);
      try {
        api.post("/api/events", "{\"type\":\"t\",\"data\":{\"n\":2}}").expect(202);
        JsonObject failed =
            Await.value(
                    () -> api.deliveries(ep, "failed"),
                    list -> list.size() == 1,
                    WAIT,
                    "the second delivery to fail")
                .getJsonObject(0);
        JsonObject attempt =
            api.get("/api/deliveries/" + failed.getString("id"))
                .expect(200)
                .json()
                .getJsonArray("attempts")
                .getJsonObject(0);
        assertTrue(
            attempt.getString("error").contains("destination refused")
                && attempt.getString("error").contains("non-public address (10.0.0.0/8)"),
            attempt.toString());
        assertEquals(1, receiver.at("/r").size(), "nothing reached any address the second time");
      } finally {
        writeHosts("127.0.0.1");
      }
    }
  }
}
