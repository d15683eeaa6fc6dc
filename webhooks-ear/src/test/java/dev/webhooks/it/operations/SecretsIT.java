package dev.webhooks.it.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.tools.Receiver;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets reach the receiver and nothing else: the attempt log masks credentials, and no secret
 * (API key, signing secret, credential header) appears in any server log, FFDC report included.
 */
class SecretsIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void credentialsAreSentMaskedInTheAttemptLogAndNeverLogged() throws Exception {
    Api api = Api.newTenant("secrets-" + UUID.randomUUID());
    String headerSecret = "hdr-secret-" + UUID.randomUUID();
    String bearerSecret = "bearer-secret-" + UUID.randomUUID();
    try (Receiver receiver = new Receiver()) {
      JsonObject created =
          api.post(
                  "/api/endpoints",
                  "{\"url\":\""
                      + receiver.url("/secret")
                      + "\",\"headers\":{\"X-Api-Key\":\""
                      + headerSecret
                      + "\",\"Authorization\":\"Bearer "
                      + bearerSecret
                      + "\"}}")
              .expect(201)
              .json();
      String signingSecret = created.getString("secret");
      String id = created.getString("id");
      api.post("/api/events", "{\"type\":\"t\",\"data\":{\"n\":1}}").expect(202);
      // The receiver gets the credentials as configured.
      Receiver.Received got = receiver.await("/secret", 1, WAIT).get(0);
      assertEquals(headerSecret, got.header("X-Api-Key"));
      assertEquals("Bearer " + bearerSecret, got.header("Authorization"));
      // The attempt log shows the headers, masked.
      String deliveryId =
          Await.value(
                  () ->
                      api.get("/api/deliveries?endpointId=" + id + "&status=succeeded")
                          .json()
                          .getJsonArray("data"),
                  a -> a.size() == 1,
                  WAIT,
                  "the delivery recorded")
              .getJsonObject(0)
              .getString("id");
      String delivery = api.get("/api/deliveries/" + deliveryId).expect(200).body();
      assertTrue(delivery.contains("X-Api-Key"), delivery);
      assertFalse(delivery.contains(headerSecret), "custom credential masked: " + delivery);
      assertFalse(delivery.contains(bearerSecret), "authorization masked: " + delivery);
      assertFalse(
          api.get("/api/endpoints/" + id).body().contains(signingSecret.substring(6)),
          "the signing secret is not shown again but on its own operation");

      // A failed request with the API key in it, to give the server a chance to log it.
      assertEquals(404, api.get("/api/endpoints/" + api.key()).status());
      for (String secret :
          List.of(
              api.key(),
              Api.BOOTSTRAP_KEY,
              signingSecret.substring(6),
              headerSecret,
              bearerSecret)) {
        List<Path> leaks = logsContaining(secret);
        assertTrue(leaks.isEmpty(), "a secret appears in " + leaks);
      }
    }
  }

  /** The server's log files (messages, trace, console, FFDC) holding {@code text}. */
  static List<Path> logsContaining(String text) throws IOException {
    Path logs = Path.of(System.getProperty("it.serverDir")).resolve("logs");
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (content.contains(text)) {
          found.add(f);
        }
      }
    }
    return found;
  }
}
