package dev.webhooks.it.restarting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.it.jmsapp.DbReaderApp;
import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention purge on its own timer, with the operator's settings: {@code
 * WEBHOOKS_RETENTION_DAYS=2}, and {@code WEBHOOKS_RETENTION_SCHEDULE} every two seconds instead of
 * daily. Data is made older in the database instead of waiting days for it to age.
 */
class RetentionIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @BeforeAll
  static void start() throws Exception {
    ItServer.restartWith(
        Map.of("WEBHOOKS_RETENTION_DAYS", "2", "WEBHOOKS_RETENTION_SCHEDULE", "*/2 * *"));
  }

  @AfterAll
  static void restore() throws Exception {
    ItServer.restore();
  }

  private static void age(Api tenant, int days) {
    String changed =
        Api.bootstrap()
            .post("/db-reader/dump/age?tenantId=" + tenant.tenantId + "&days=" + days, "")
            .expect(200)
            .body();
    assertEquals(2, Integer.parseInt(changed.trim()), "one event and one delivery made older");
  }

  @Test
  void theTimerPurgesWhatIsOlderThanTheRetentionDaysAndNothingElse() throws Exception {
    Path war = TestApps.deploy("db-reader", "/dump", DbReaderApp.class, DbReaderApp.Dump.class);
    try (Receiver receiver = new Receiver()) {
      Api old = Api.newTenant("retention-old-" + UUID.randomUUID());
      Api recent = Api.newTenant("retention-recent-" + UUID.randomUUID());
      String oldEndpoint = old.createEndpoint(receiver.url("/old"), "").getString("id");
      String recentEndpoint = recent.createEndpoint(receiver.url("/recent"), "").getString("id");
      old.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
      recent.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
      Await.until(
          () ->
              old.deliveries(oldEndpoint, "succeeded").size() == 1
                  && recent.deliveries(recentEndpoint, "succeeded").size() == 1,
          WAIT,
          "both delivered");
      age(old, 3);
      age(recent, 1);
      Await.until(
          () -> old.deliveries(oldEndpoint, "succeeded").isEmpty(),
          WAIT,
          "the timer to purge the delivery older than 2 days");
      Await.holds(
          () -> recent.deliveries(recentEndpoint, "succeeded").size() == 1,
          Duration.ofSeconds(5),
          "a delivery 1 day old stays through two more purges");
      // A new delivery of the purged tenant is not touched either.
      old.post("/api/events", "{\"type\":\"t\",\"data\":{}}").expect(202);
      Await.until(
          () -> old.deliveries(oldEndpoint, "succeeded").size() == 1, WAIT, "a new delivery");
      Await.holds(
          () -> old.deliveries(oldEndpoint, "succeeded").size() == 1,
          Duration.ofSeconds(5),
          "new data stays");
    } finally {
      Files.deleteIfExists(war);
    }
  }
}
