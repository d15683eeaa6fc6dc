package dev.webhooks.it.restarting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Intuned sink's whole retry schedule, to its end, at the IT time scale (0.01) with the circuit
 * breaker out of the way: the shared server opens it after 5 failures for 2 s, unscaled, which
 * would stretch the scaled 1.2 s gaps (in production, 10 failures and 30 s never reach the 2-minute
 * gaps of a sink).
 */
class IntunedSinkScheduleIT {
  private final Receiver receiver = new Receiver();

  @BeforeAll
  static void start() throws Exception {
    ItServer.restartWith(Map.of("WEBHOOKS_BREAKER_THRESHOLD", "1000"));
  }

  @AfterAll
  static void restore() throws Exception {
    ItServer.restore();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void sinkRetriesFollowIntunedsScheduleToTheEndWithinTheHour() {
    Api api = Api.newTenant("intuned-schedule-" + UUID.randomUUID());
    String base = "/api/" + api.tenantId + "/projects/shop";
    api.put(base, "{\"apis\":{\"list\":{\"url\":\"" + receiver.url("/svc/list") + "\"}}}")
        .expect(201);
    receiver.script("/svc/list", Reply.json(200, "{\"result\":1}"));
    receiver.script("/down-sink", Reply.status(503));
    api.post(
            base + "/run/start",
            "{\"api\":\"list\","
                + "\"sink\":{\"type\":\"webhook\",\"url\":\""
                + receiver.url("/down-sink")
                + "\",\"retry\":32}"
                + "}")
        .expect(201);
    // Up to 33 attempts: 10, 20, 40, 80 s apart, then every 2 minutes, 3510 s in all; but never
    // past the hour after the first, so on a machine too loaded to keep the gaps the window ends
    // it sooner. At the IT time scale of 0.01: 35.1 s and 36 s.
    Await.until(
        () ->
            api.get("/api/deliveries?status=failed").json().getJsonArray("data").stream()
                .anyMatch(
                    d -> d.asJsonObject().getString("eventType").equals("intuned.sink_result")),
        Duration.ofSeconds(180),
        "the sink's delivery to fail at the end of its schedule");
    List<Receiver.Received> got = receiver.at("/down-sink");
    long[] planned = new long[32];
    for (int i = 0; i < planned.length; i++) {
      planned[i] = (long) (Math.min(10 * Math.pow(2, i), 120) * 10); // milliseconds at 0.01
    }
    assertTrue(got.size() >= 5 && got.size() <= 33, got.size() + " attempts");
    long first = got.get(0).at().toEpochMilli();
    for (int i = 1; i < got.size(); i++) {
      long gap = Duration.between(got.get(i - 1).at(), got.get(i).at()).toMillis();
      // Never early; late by at most what a loaded machine adds to recording and sending.
      assertTrue(
          gap >= planned[i - 1] - 5 && gap < planned[i - 1] + 5000,
          "retry " + i + " after " + gap + " ms, planned " + planned[i - 1]);
    }
    long last = got.get(got.size() - 1).at().toEpochMilli();
    assertTrue(last - first < 36_000 + 1000, "within the scaled hour: " + (last - first) + " ms");
    if (got.size() < 33) {
      // Ended early only because the next attempt would have fallen past the hour.
      assertTrue(
          last + planned[got.size() - 1] + 2000 > first + 36_000,
          "ended after " + got.size() + " attempts although the next was due within the hour");
    }
    int attempts = got.size();
    Await.holds(
        () -> receiver.at("/down-sink").size() == attempts,
        Duration.ofSeconds(3),
        "nothing is sent after the delivery failed");
  }
}
