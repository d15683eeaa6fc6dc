package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.jmsapp.DbReaderApp;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each use case is one transaction: a failure injected between its writes leaves nothing half done
 * and loses nothing. The IT server injects each fault once for tenants named "faulty-..." ({@code
 * WEBHOOKS_TEST_FAULTS} in its server.env), as the database failing the transaction would.
 */
class AtomicityIT {
  static final Duration WAIT = Duration.ofSeconds(45);
  static final Duration QUIET = Duration.ofSeconds(3);

  private static Path dbReader;
  private final Receiver receiver = new Receiver();

  /** The tests read what is stored through the test server's database reader. */
  @BeforeAll
  static void deployReader() throws IOException {
    dbReader = TestApps.deploy("db-reader", "/dump", DbReaderApp.class, DbReaderApp.Dump.class);
  }

  @AfterAll
  static void undeployReader() throws IOException {
    Files.deleteIfExists(dbReader);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static long rows(String table, Api tenant) {
    return rows(table, null, tenant);
  }

  private static long rows(String table, String notNull, Api tenant) {
    return Long.parseLong(
        Api.anonymous(
                "/db-reader/dump/count?table="
                    + table
                    + (notNull == null ? "" : "&notNull=" + notNull)
                    + "&tenantId="
                    + tenant.tenantId)
            .expect(200)
            .body()
            .trim());
  }

  /**
   * A run and its API call's delivery are written together: when writing the delivery fails, no run
   * is left "started" with nothing to run it, and the client may simply start it again.
   */
  @Test
  void aRunIsStoredWithItsCallOrNotAtAll() {
    Api api = Api.newTenant("faulty-follow-up-run-" + UUID.randomUUID());
    String base = "/api/" + api.tenantId + "/projects/shop";
    api.put(base, "{\"apis\":{\"list\":{\"url\":\"" + receiver.url("/svc/list") + "\"}}}")
        .expect(201);
    receiver.script("/svc/list", Reply.json(200, "{\"result\":{\"items\":[1]}}"));

    Api.Resp failed = api.post(base + "/run/start", "{\"api\":\"list\"}");
    assertEquals(503, failed.status(), failed.body());
    assertTrue(failed.contentType().startsWith("application/problem+json"), failed.contentType());
    assertEquals(0, rows("WH_INTUNED_API_RUN", api), "no run is left behind");
    assertEquals(0, rows("WH_EVENT", api), "no call event is left behind");
    Await.holds(
        () -> receiver.at("/svc/list").isEmpty(), QUIET, "nothing is called for the failed start");

    String runId =
        api.post(base + "/run/start", "{\"api\":\"list\"}").expect(201).json().getString("runId");
    receiver.await("/svc/list", 1, WAIT);
    Await.until(
        () ->
            "completed"
                .equals(
                    api.get(base + "/run/" + runId + "/result")
                        .expect(200)
                        .json()
                        .getString("status")),
        WAIT,
        "the run started again completes");
    assertEquals(1, rows("WH_INTUNED_API_RUN", api));
    assertEquals(1, receiver.at("/svc/list").size(), "one call: the failed start sent nothing");
  }

  /**
   * An integration's new state is stored with its status-change event: when storing the event
   * fails, the state stays as it was, so the next report sees the change and announces it.
   */
  @Test
  void aStatusChangeIsStoredWithItsEventOrNotAtAll() {
    Api api = Api.newTenant("faulty-follow-up-status-" + UUID.randomUUID());
    api.post(
            "/api/integration-webhooks",
            "{\"name\":\"statusHook\",\"url\":\""
                + receiver.url("/status")
                + "\",\"bodyTemplate\":\"{\\\"title\\\": \\\"{{data.name}} is {{data.status}}\\\"}\"}")
        .expect(201);
    String report =
        "{\"name\":\"DB 1\",\"type\":\"postgresql\",\"status\":\"WARNING\","
            + "\"issues\":[{\"status\":\"WARNING\",\"message\":\"slow\"}]}";

    Api.Resp failed = api.post("/api/integrations/db-1/status", report);
    assertEquals(503, failed.status(), failed.body());
    assertEquals(0, rows("WH_APONO_INTEGRATION", api), "the state did not change");
    assertEquals(0, rows("WH_EVENT", api), "no event is left behind");

    JsonObject again = api.post("/api/integrations/db-1/status", report).expect(202).json();
    assertTrue(again.getBoolean("changed"), "the next report sees the change: " + again);
    assertEquals(1, rows("WH_APONO_INTEGRATION", api));
    Receiver.Received r = receiver.await("/status", 1, WAIT).get(0);
    assertEquals("DB 1 is WARNING", JsonBodies.object(r.bodyText()).getString("title"));
    Await.holds(
        () -> receiver.at("/status").size() == 1, QUIET, "the change is announced exactly once");
  }

  /**
   * A style's reaction to a finished delivery (here: the Intuned run's result, which goes to its
   * sink) runs in a transaction of its own after the outcome is recorded: when it fails, the
   * delivery's outcome stays recorded, the reaction is kept and run again, and its result arrives
   * once.
   */
  @Test
  void aFailingReactionIsRunAgainAndTheOutcomeStaysRecorded() {
    Api api = Api.newTenant("faulty-reaction-" + UUID.randomUUID());
    String base = "/api/" + api.tenantId + "/projects/shop";
    api.put(base, "{\"apis\":{\"list\":{\"url\":\"" + receiver.url("/svc/list") + "\"}}}")
        .expect(201);
    receiver.script("/svc/list", Reply.json(200, "{\"result\":{\"items\":[1,2]}}"));
    String runId =
        api.post(
                base + "/run/start",
                "{\"api\":\"list\",\"sink\":{\"type\":\"webhook\",\"url\":\""
                    + receiver.url("/sink")
                    + "\"}}")
            .expect(201)
            .json()
            .getString("runId");
    receiver.await("/svc/list", 1, WAIT);
    Await.until(
        () -> rows("WH_REACTION", "LAST_ERROR", api) == 1,
        WAIT,
        "the failed reaction is kept with its error");
    assertTrue(
        rows("WH_DELIVERY", "FINISHED_AT", api) >= 1,
        "the call's outcome is recorded all the same");

    Receiver.Received s = receiver.await("/sink", 1, WAIT).get(0);
    assertEquals(
        "completed",
        JsonBodies.object(s.bodyText())
            .getJsonObject("apiInfo")
            .getJsonObject("result")
            .getString("status"));
    Await.until(() -> rows("WH_REACTION", api) == 0, WAIT, "the reaction is done once it ran");
    assertEquals(
        "completed",
        api.get(base + "/run/" + runId + "/result").expect(200).json().getString("status"));
    Await.holds(() -> receiver.at("/sink").size() == 1, QUIET, "the result arrives once");
    assertEquals(1, receiver.at("/svc/list").size(), "the call is not made again");
  }
}
