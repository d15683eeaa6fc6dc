package dev.webhooks.it.restarting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.jmsapp.DbReaderApp;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.AtRest;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rotating the key that encrypts secrets at rest, for every kind of secret the platform keeps:
 * restart with the new key and the old one as previous, re-encrypt, restart with the new key alone.
 * An independent oracle (plain JCA AES/GCM) proves every sealed value in the database opened with
 * the old key before and opens with the new key only after, to the same plaintexts; each kind still
 * signs or authenticates its deliveries.
 */
class KeyRotationIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** The tables that hold sealed values: endpoints (all styles), Intuned projects, jobs, runs. */
  static final List<String> TABLES =
      List.of("WH_ENDPOINT", "WH_INTUNED_PROJECT", "WH_INTUNED_JOB", "WH_INTUNED_API_RUN");

  private static String newKey;

  @AfterAll
  static void restore() throws Exception {
    String buildKey = ItServer.buildSettings().get("WEBHOOKS_SECRET_KEY");
    if (newKey != null && buildKey != null) {
      // The build's server.env names its key (on PostgreSQL, where it is required): everything is
      // sealed with that key again before the server goes back to it.
      ItServer.restartWith(
          Map.of("WEBHOOKS_SECRET_KEY", buildKey, "WEBHOOKS_SECRET_KEY_PREVIOUS", newKey));
      Api.bootstrap().post("/api/admin/secrets/reencrypt", "").expect(200);
    } else if (newKey != null) {
      // The build's server.env names no key: the server uses its generated key file, which must
      // now hold the key every secret is sealed with.
      Files.writeString(ItServer.dir().resolve("webhooks-secret.key"), newKey);
    }
    ItServer.restore();
  }

  /** The key the server seals with now: the one its build settings name, else its key file. */
  private static byte[] currentKey() throws Exception {
    String named = ItServer.buildSettings().get("WEBHOOKS_SECRET_KEY");
    return Base64.getDecoder()
        .decode(
            named != null
                ? named.trim()
                : Files.readString(ItServer.dir().resolve("webhooks-secret.key")).trim());
  }

  private static String dump() {
    StringBuilder all = new StringBuilder();
    for (String table : TABLES) {
      all.append(Api.anonymous("/db-reader/dump?table=" + table).expect(200).body());
    }
    return all.toString();
  }

  private static long count(String table, String notNull) {
    return Long.parseLong(
        Api.anonymous(
                "/db-reader/dump/count?table="
                    + table
                    + (notNull == null ? "" : "&notNull=" + notNull))
            .expect(200)
            .body()
            .trim());
  }

  /**
   * The plaintexts of every sealed value in the dump under {@code key}; fails if one does not open.
   */
  private static List<String> openAll(String dump, byte[] key, String when) {
    List<String> out = new ArrayList<>();
    for (String sealed : AtRest.sealedValues(dump)) {
      out.add(
          AtRest.openWith(sealed, key)
              .orElseThrow(() -> new AssertionError(when + ": a value does not open: " + sealed)));
    }
    return out.stream().sorted().toList();
  }

  static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void everyKindOfSecretIsResealedAndStillWorks() throws Exception {
    Path war = TestApps.deploy("db-reader", "/dump", DbReaderApp.class, DbReaderApp.Dump.class);
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("rotation-it-" + UUID.randomUUID());
      // One of each kind: a native endpoint's signing secret, its previous secret during a
      // rotation, its custom headers; a Truto webhook's secret; an Apono webhook's credentials; a
      // Portant workflow webhook's secret; an Intuned project's secret and the sink headers of a
      // Job and of a Run.
      JsonObject nativeEp =
          api.createEndpoint(
              receiver.url("/native"), "\"headers\":{\"X-Api-Key\":\"native-header-secret-1\"}");
      String nativeId = nativeEp.getString("id");
      String previous = nativeEp.getString("secret");
      String nativeSecret =
          api.post("/api/endpoints/" + nativeId + "/secret/rotate", "{\"graceSeconds\":86400}")
              .expect(200)
              .json()
              .getString("secret");
      String trutoSecret =
          api.post("/api/webhook", "{\"target_url\":\"" + receiver.url("/truto") + "\"}")
              .expect(201)
              .json()
              .getString("secret");
      api.post(
              "/api/integration-webhooks",
              "{\"name\":\"apono\",\"url\":\""
                  + receiver.url("/apono")
                  + "\",\"bodyTemplate\":\"{}\",\"authentication\":{\"type\":\"BEARER\",\"token\":\"apono-token-secret-2\"}}")
          .expect(201);
      String workflow = "/api/workflows/wkf-" + UUID.randomUUID() + "/outgoing-webhooks";
      api.post(workflow + "/", "{\"webhookUrl\":\"" + receiver.url("/portant") + "\"}").expect(201);
      String portantSecret = api.get(workflow + "/secret").expect(200).json().getString("secret");
      String project = "/api/" + api.tenantId + "/projects/rotation";
      receiver.script("/svc", Reply.json(200, "{\"result\":1}"));
      api.put(project, "{\"apis\":{\"list\":{\"url\":\"" + receiver.url("/svc") + "\"}}}")
          .expect(201);
      api.post(
              project + "/jobs",
              "{\"id\":\"rotating\",\"payload\":[{\"apiName\":\"list\"}],\"sink\":{\"type\":\"webhook\",\"url\":\""
                  + receiver.url("/job-sink")
                  + "\",\"headers\":{\"Authorization\":\"Bearer job-sink-secret-3\",\"X-Plain\":\"shown\"}}}")
          .expect(201);
      api.post(
              project + "/run/start",
              "{\"api\":\"list\",\"sink\":{\"type\":\"webhook\",\"url\":\""
                  + receiver.url("/run-sink")
                  + "\",\"headers\":{\"X-Run-Key\":\"run-sink-secret-4\"}}}")
          .expect(201);
      receiver.await("/run-sink", 1, WAIT);

      List<String> plaintexts =
          List.of(
              previous,
              nativeSecret,
              "native-header-secret-1",
              trutoSecret,
              "apono-token-secret-2",
              portantSecret,
              "job-sink-secret-3",
              "run-sink-secret-4");
      String before = dump();
      byte[] oldKey = currentKey();
      List<String> openedBefore = openAll(before, oldKey, "before the rotation");
      for (String secret : plaintexts) {
        String raw = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        assertFalse(before.contains(raw), "stored in plain text: " + secret);
        assertTrue(
            openedBefore.stream().anyMatch(p -> p.contains(raw)),
            "sealed with the server's key: " + secret);
      }

      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      newKey = Base64.getEncoder().encodeToString(k);
      ItServer.restartWith(
          Map.of(
              "WEBHOOKS_SECRET_KEY",
              newKey,
              "WEBHOOKS_SECRET_KEY_PREVIOUS",
              Base64.getEncoder().encodeToString(oldKey)));
      assertEquals(403, api.post("/api/admin/secrets/reencrypt", "").status(), "bootstrap only");
      long rows =
          count("WH_ENDPOINT", null)
              + count("WH_INTUNED_PROJECT", null)
              + count("WH_INTUNED_JOB", null)
              + count("WH_INTUNED_API_RUN", "SINK");
      long resealed =
          Api.bootstrap()
              .post("/api/admin/secrets/reencrypt", "")
              .expect(200)
              .json()
              .getJsonNumber("resealed")
              .longValue();
      assertEquals(rows, resealed, "every row that holds a secret, once");

      ItServer.restartWith(Map.of("WEBHOOKS_SECRET_KEY", newKey));
      String after = dump();
      for (String sealed : AtRest.sealedValues(after)) {
        assertFalse(AtRest.openWith(sealed, oldKey).isPresent(), "still sealed with the old key");
      }
      assertEquals(
          openedBefore, openAll(after, k, "after the rotation"), "the same secrets, resealed");

      // Each kind still works under the new key alone.
      api.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
      api.post("/api/events", "{\"type\":\"record:created\",\"data\":{}}").expect(202);
      Receiver.Received n = receiver.await("/native", 1, WAIT).get(0);
      assertTrue(Signatures.valid(nativeSecret, n), "signed with the current secret");
      assertTrue(Signatures.valid(previous, n), "and with the previous one during the grace");
      assertEquals("native-header-secret-1", n.header("X-Api-Key"));
      Receiver.Received t = receiver.await("/truto", 1, WAIT).get(0);
      assertEquals(
          "format=sha256,v=" + hmacHex(trutoSecret, t.body()), t.header("X-Truto-Signature"));
      api.post(
              "/api/integrations/db-1/status",
              "{\"name\":\"DB\",\"type\":\"postgresql\",\"status\":\"ERROR\",\"issues\":[]}")
          .expect(202);
      assertEquals(
          "Bearer apono-token-secret-2",
          receiver.await("/apono", 1, WAIT).get(0).header("Authorization"));

      // A Job as shown masks its credentials; sent back as shown, it keeps them.
      JsonObject job = api.get(project + "/jobs/rotating").expect(200).json();
      JsonObject shownHeaders = job.getJsonObject("sink").getJsonObject("headers");
      assertEquals("Bearer ****", shownHeaders.getString("Authorization"));
      assertEquals("shown", shownHeaders.getString("X-Plain"));
      JsonObject asShown = Json.createObjectBuilder(job).remove("paused").build();
      api.put(project + "/jobs/rotating", asShown.toString()).expect(200);
      api.post(project + "/jobs/rotating/trigger", "").expect(200);
      Receiver.Received sink = receiver.await("/job-sink", 1, WAIT).get(0);
      assertEquals("Bearer job-sink-secret-3", sink.header("Authorization"));
      assertEquals("shown", sink.header("X-Plain"));
    } finally {
      Files.deleteIfExists(war);
    }
  }
}
