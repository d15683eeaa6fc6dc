package dev.webhooks.it.restarting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.jmsapp.DbReaderApp;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.AtRest;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database created by the last version before migrations (commit c893007, whose schema
 * EclipseLink created; see src/test/resources/upgrade/fixture.json for what is in it): the server
 * starts on it, the migrations mark the baseline as run and seal the Intuned sink headers that
 * version kept in plain text, and nothing is lost: tenant, keys, endpoints with their settings and
 * secrets, deliveries in every state with their attempts, Jobs. The test server's own database is
 * put aside and brought back afterwards.
 */
class UpgradeIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  private static Path database;
  private static Path saved;
  private static JsonObject fixture;

  @BeforeAll
  static void startOnTheOldDatabase() throws Exception {
    // The database an earlier version left is a Derby database: no earlier version ran on
    // PostgreSQL, whose schema the same migrations build from empty (the PostgreSQL pass).
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ItServer.postgresql(), "upgrades of an earlier version's Derby database");
    try (InputStream in = UpgradeIT.class.getResourceAsStream("/upgrade/fixture.json")) {
      fixture = Json.createReader(in).readObject();
    }
    Path derby = ItServer.dir().resolve("derby");
    database = derby.resolve("webhooks");
    saved = derby.resolve("webhooks-saved-by-upgrade-it");
    ItServer.stop();
    Files.move(database, saved);
    try (ZipInputStream zip =
        new ZipInputStream(
            UpgradeIT.class.getResourceAsStream("/upgrade/derby-before-migrations.zip"))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        Path target = derby.resolve(e.getName()).normalize();
        assertTrue(target.startsWith(derby), e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
    ItServer.restartWith(Map.of("WEBHOOKS_SECRET_KEY", fixture.getString("secretKey")));
  }

  @AfterAll
  static void bringBackTheTestDatabase() throws Exception {
    if (ItServer.postgresql()) {
      return; // nothing was changed
    }
    ItServer.stop();
    if (saved != null && Files.exists(saved)) {
      try (Stream<Path> all = Files.walk(database)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.move(saved, database);
    }
    ItServer.restore();
  }

  private static Api tenant() {
    return new Api(fixture.getString("apiKey"), fixture.getString("tenantId"));
  }

  @Test
  void everythingTheOldVersionStoredIsThereAndWorks() throws Exception {
    Api api = tenant();
    JsonObject ok = fixture.getJsonObject("okEndpoint");
    String okId = ok.getString("id");
    String paused = fixture.getString("pausedEndpoint");
    String failing = fixture.getString("failingEndpoint");

    // The endpoint's settings, and its secrets opened with the key of the old database.
    JsonObject endpoint = api.get("/api/endpoints/" + okId).expect(200).json();
    assertEquals("kept", endpoint.getString("description"));
    assertEquals(50, endpoint.getInt("rateLimitPerSecond"));
    assertEquals(2, endpoint.getJsonArray("eventTypes").size());
    assertEquals("****", endpoint.getJsonObject("headers").getString("X-Api-Key"));
    assertEquals(
        ok.getString("secret"),
        api.get("/api/endpoints/" + okId + "/secret").expect(200).json().getString("secret"));
    assertEquals(
        "paused", api.get("/api/endpoints/" + paused).expect(200).json().getString("state"));

    // Every delivery, in its state, with its attempts.
    JsonArray succeeded = api.deliveries(okId, "succeeded");
    assertEquals(3, succeeded.size());
    for (JsonObject d : succeeded.getValuesAs(JsonObject.class)) {
      JsonArray attempts =
          api.get("/api/deliveries/" + d.getString("id"))
              .expect(200)
              .json()
              .getJsonArray("attempts");
      assertEquals(1, attempts.size());
      assertEquals(204, attempts.getJsonObject(0).getJsonObject("response").getInt("status"));
    }
    assertEquals(5, api.deliveries(paused, "held").size());
    assertEquals(5, api.deliveries(failing, "failed").size());

    // The old database's endpoints point at 127.0.0.1:9997 (see fixture.json): listen there.
    try (Receiver receiver = new Receiver(9997)) {
      // New events reach the old endpoint, signed with its secret and with its custom header.
      api.post("/api/events", "{\"type\":\"order.updated\",\"data\":{\"after\":\"upgrade\"}}")
          .expect(202);
      Receiver.Received r = receiver.await("/ok", 1, WAIT).get(0);
      assertTrue(Signatures.valid(ok.getString("secret"), r));
      assertEquals(ok.getString("header"), r.header("X-Api-Key"));

      // The held deliveries go out on resume, the failed ones on recover: none was lost.
      api.post("/api/endpoints/" + paused + "/resume", "").expect(200);
      assertEquals(
          5,
          api.post("/api/endpoints/" + failing + "/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}")
              .expect(200)
              .json()
              .getInt("recovered"));
      receiver.script("/fail", Receiver.Reply.status(204));
      // Each: its 5 old deliveries and the one of the event sent above (both take every type).
      Await.until(
          () ->
              api.deliveries(paused, "succeeded").size() == 6
                  && api.deliveries(failing, "succeeded").size() == 6,
          WAIT,
          "the held and the recovered deliveries to arrive");

      // The Job's sink credentials, plain text in the old database, are sealed now (an oracle
      // opens them with the key), masked when shown, and sent as they were given.
      String project = "/api/" + api.tenantId + "/projects/" + fixture.getString("project");
      String job = project + "/jobs/" + fixture.getString("jobId");
      Path war = TestApps.deploy("db-reader", "/dump", DbReaderApp.class, DbReaderApp.Dump.class);
      try {
        String jobs = Api.anonymous("/db-reader/dump?table=WH_INTUNED_JOB").expect(200).body();
        String runs = Api.anonymous("/db-reader/dump?table=WH_INTUNED_API_RUN").expect(200).body();
        assertFalse(jobs.contains("fixture-sink-secret"), jobs);
        assertFalse(runs.contains(fixture.getString("runSinkHeader")), runs);
        byte[] key = Base64.getDecoder().decode(fixture.getString("secretKey"));
        List<String> opened =
            AtRest.sealedValues(jobs + runs).stream()
                .map(x -> AtRest.openWith(x, key).orElse("?"))
                .toList();
        assertTrue(opened.contains(fixture.getString("jobSinkAuthorization")), opened.toString());
        assertTrue(opened.contains(fixture.getString("runSinkHeader")), opened.toString());
      } finally {
        Files.deleteIfExists(war);
      }
      JsonObject shown = api.get(job).expect(200).json();
      assertEquals(
          "Bearer ****",
          shown.getJsonObject("sink").getJsonObject("headers").getString("Authorization"));
      // Sent back masked to another url, the credential is refused: it is never sent elsewhere.
      JsonObject definition = Json.createObjectBuilder(shown).remove("paused").build();
      JsonObject elsewhere =
          Json.createObjectBuilder(definition)
              .add(
                  "sink",
                  Json.createObjectBuilder(definition.getJsonObject("sink"))
                      .add("url", "http://127.0.0.1:9997/elsewhere"))
              .build();
      Api.Resp refused = api.put(job, elsewhere.toString());
      assertEquals(400, refused.status(), refused.body());
      assertTrue(refused.body().contains("sink.headers.Authorization"), refused.body());
      // Sent back as shown, it keeps the credential.
      api.put(job, definition.toString()).expect(200);
      receiver.script("/svc/list", Receiver.Reply.json(200, "{\"result\":1}"));
      api.post(job + "/trigger", "").expect(200);
      assertEquals(
          fixture.getString("jobSinkAuthorization"),
          receiver.await("/sink", 1, WAIT).get(0).header("Authorization"));
    }
  }
}
