package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.Receiver;
import dev.webhooks.it.support.Signatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rotating the key that encrypts secrets at rest: restart with the new key and the old one as
 * previous, re-encrypt, restart with the new key alone; every secret still opens and signs.
 */
class KeyRotationIT {

  static void restartWith(Path env, String extra) throws Exception {
    String base =
        Files.readString(env)
            .lines()
            .filter(l -> !l.startsWith("WEBHOOKS_SECRET_KEY"))
            .reduce("", (a, b) -> a + b + "\n");
    Files.writeString(env, base + extra);
    RestartIT.server("stop");
    RestartIT.server("start");
    Await.until(
        () -> Api.anonymous("/health/ready").status() == 200, Duration.ofSeconds(120), "ready");
    Await.until(
        () -> Api.bootstrap().get("/api/endpoints").status() == 200,
        Duration.ofSeconds(60),
        "the API");
  }

  @Test
  void secretsSurviveARotationOfTheEncryptionKey() throws Exception {
    Path serverDir = Path.of(System.getProperty("it.serverDir"));
    Path env = serverDir.resolve("server.env");
    Path keyFile = serverDir.resolve("webhooks-secret.key");
    String originalEnv = Files.readString(env);
    String newKey = null;
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("rotation-it-" + UUID.randomUUID());
      var created =
          api.post("/api/endpoints", "{\"url\":\"" + receiver.url("/k") + "\"}").expect(201).json();
      String id = created.getString("id");
      String secret = created.getString("secret");
      // The IT server has no WEBHOOKS_SECRET_KEY: it generated one into its output directory.
      String oldKey = Files.readString(serverDir.resolve("webhooks-secret.key")).trim();
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      newKey = Base64.getEncoder().encodeToString(k);

      restartWith(
          env, "WEBHOOKS_SECRET_KEY=" + newKey + "\nWEBHOOKS_SECRET_KEY_PREVIOUS=" + oldKey + "\n");
      int resealed =
          Api.bootstrap()
              .post("/api/admin/secrets/reencrypt", "")
              .expect(200)
              .json()
              .getInt("resealed");
      assertTrue(resealed >= 1);
      assertEquals(403, api.post("/api/admin/secrets/reencrypt", "").status());

      restartWith(env, "WEBHOOKS_SECRET_KEY=" + newKey + "\n");
      assertEquals(
          secret,
          api.get("/api/endpoints/" + id + "/secret").expect(200).json().getString("secret"));
      api.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
      assertTrue(Signatures.valid(secret, receiver.await("/k", 1, Duration.ofSeconds(30)).get(0)));
    } finally {
      // Put the shared server back as the build configured it (no key in server.env, the generated
      // key file): the file now holds the key every secret is sealed with, so later tests and
      // restarts open them all.
      if (newKey != null) {
        Files.writeString(keyFile, newKey);
      }
      Files.writeString(env, originalEnv);
      RestartIT.server("stop");
      RestartIT.server("start");
      Await.until(
          () -> Api.anonymous("/health/ready").status() == 200, Duration.ofSeconds(120), "ready");
    }
  }
}
