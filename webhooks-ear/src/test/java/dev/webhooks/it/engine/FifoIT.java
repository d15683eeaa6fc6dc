package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.FifoReceipts;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Ordered (FIFO) delivery on the real server: per ordering key, strictly in acceptance order, with
 * retries blocking their key; pause, a 410 and recover keep the order; a non-FIFO endpoint of the
 * same tenant gets every event as before.
 */
class FifoIT {
  static final Duration WAIT = Duration.ofSeconds(120);

  /** Retries 100 ms apart at the IT time scale (10 policy seconds), many of them. */
  static final String FAST_RETRIES =
      "\"retryPolicy\":{\"delays\":[10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10]}";

  @Test
  void everyKeyKeepsAcceptanceOrderWhileAReceiverFailsAtRandom() throws Exception {
    int keys = 20;
    int perKey = 25; // 500 events
    try (Receiver receiver = new Receiver()) {
      FifoReceipts fifo = new FifoReceipts(0.10, 17);
      receiver.handler("/fifo", fifo::answer);
      Api api = Api.newTenant("fifo-it-" + UUID.randomUUID());
      String ordered =
          api.createEndpoint(receiver.url("/fifo"), "\"ordering\":\"fifo\"," + FAST_RETRIES)
              .getString("id");
      assertEquals(
          "fifo", api.get("/api/endpoints/" + ordered).expect(200).json().getString("ordering"));
      String plain = api.createEndpoint(receiver.url("/plain"), "").getString("id");
      assertEquals(
          "none", api.get("/api/endpoints/" + plain).expect(200).json().getString("ordering"));

      // Four clients, each with five keys of its own: a key's events are sent one after the other
      // (each after the 202 of the one before), as batches (one event per key, in key order) or
      // alone; the keys of different clients go at the same time.
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> sent = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        sent.add(
            clients.submit(
                () -> {
                  for (int n = 0; n < perKey; n++) {
                    List<String> events = new ArrayList<>();
                    for (int k = client; k < keys; k += 4) {
                      events.add(FifoReceipts.event("k" + k, n));
                    }
                    if (n % 2 == 0) {
                      api.post("/api/events/batch", "[" + String.join(",", events) + "]")
                          .expect(202);
                    } else {
                      for (String e : events) {
                        api.post("/api/events", e).expect(202);
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      clients.shutdown();

      Await.until(
          () -> fifo.succeededCount() == keys * perKey,
          WAIT,
          "every event to succeed at the FIFO endpoint (" + fifo.succeededCount() + " so far)");
      fifo.assertInOrder(keys, perKey);
      assertTrue(fifo.failuresAnswered() > 0, "the receiver failed some first attempts");
      receiver.await("/plain", keys * perKey, WAIT);
      Await.until(
          () -> api.deliveries(ordered, "succeeded").size() == 500,
          WAIT,
          "the FIFO endpoint's 500 deliveries to show succeeded");
    }
  }

  @Test
  void aRetryBlocksItsKeyAndTheLogShowsWhatWaitsForWhat() throws Exception {
    try (Receiver receiver = new Receiver()) {
      // The first delivery fails twice, a second apart at the IT time scale; the others succeed.
      receiver.script("/hol", Reply.status(503), Reply.status(503), Reply.status(204));
      Api api = Api.newTenant("fifo-hol-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(
                  receiver.url("/hol"),
                  "\"ordering\":\"fifo\",\"retryPolicy\":{\"delays\":[100,100,100]}")
              .getString("id");
      List<String> events = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        events.add(
            api.post("/api/events", FifoReceipts.event("order-1", n))
                .expect(202)
                .json()
                .getString("id"));
      }
      JsonArray waiting =
          Await.value(
              () -> api.deliveries(ep, "waiting_for_turn"),
              w -> w.size() == 2,
              WAIT,
              "two deliveries to wait behind the first");
      String head = null;
      for (JsonObject w : waiting.getValuesAs(JsonObject.class)) {
        if (head == null) {
          head =
              api.get("/api/deliveries/" + w.getString("id"))
                  .expect(200)
                  .json()
                  .getString("waitingFor");
          assertEquals(
              events.get(0),
              api.get("/api/deliveries/" + head).expect(200).json().getString("eventId"),
              "they wait for the first event's delivery");
        }
        JsonObject full = api.get("/api/deliveries/" + w.getString("id")).expect(200).json();
        assertEquals(head, full.getString("waitingFor"), full.toString());
        assertEquals("order-1", full.getString("orderingKey"));
        assertTrue(
            !full.containsKey("nextAttemptAt") || full.isNull("nextAttemptAt"), full.toString());
      }
      List<Receiver.Received> got = receiver.await("/hol", 5, WAIT);
      assertEquals(
          List.of(0, 0, 0, 1, 2),
          got.stream().map(FifoReceipts::n).toList(),
          "the first is retried until it succeeds; only then the others, in order");
    }
  }

  @Test
  void pauseHoldsTheSequenceAndResumeGoesOnInOrder() throws Exception {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("fifo-pause-" + UUID.randomUUID());
      String ep = pausedWithEvents(api, receiver.url("/paused"), 10);
      assertEquals(0, receiver.at("/paused").size());
      api.post("/api/endpoints/" + ep + "/resume", "{}").expect(200);
      List<Receiver.Received> got = receiver.await("/paused", 10, WAIT);
      assertEquals(
          List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got.stream().map(FifoReceipts::n).toList());
    }
  }

  @Test
  void deletingAFifoEndpointCancelsItsWholeSequence() throws Exception {
    try (Receiver receiver = new Receiver()) {
      Api api = Api.newTenant("fifo-delete-" + UUID.randomUUID());
      String ep = pausedWithEvents(api, receiver.url("/deleted"), 3);
      api.delete("/api/endpoints/" + ep).expect(204);
      Await.until(
          () ->
              api.get("/api/deliveries?status=cancelled")
                      .expect(200)
                      .json()
                      .getJsonArray("data")
                      .size()
                  == 3,
          WAIT,
          "the held delivery and the two waiting ones cancelled");
      assertEquals(0, receiver.at("/deleted").size());
    }
  }

  @Test
  void a410HoldsTheWholeSequenceUntilTheEndpointIsEnabledAgain() throws Exception {
    try (Receiver receiver = new Receiver()) {
      receiver.script("/gone", Reply.status(204), Reply.status(410), Reply.status(204));
      Api api = Api.newTenant("fifo-gone-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(receiver.url("/gone"), "\"ordering\":\"fifo\"").getString("id");
      for (int n = 0; n < 4; n++) {
        api.post("/api/events", FifoReceipts.event("g", n)).expect(202);
      }
      Await.until(
          () ->
              "disabled"
                  .equals(api.get("/api/endpoints/" + ep).expect(200).json().getString("state")),
          WAIT,
          "the 410 to disable the endpoint");
      Await.until(
          () ->
              api.deliveries(ep, "held").size() == 1
                  && api.deliveries(ep, "waiting_for_turn").size() == 2,
          WAIT,
          "the refused delivery held and the two after it waiting");
      assertEquals(2, receiver.at("/gone").size());
      api.patch("/api/endpoints/" + ep, "{\"active\":true}").expect(200);
      List<Receiver.Received> got = receiver.await("/gone", 5, WAIT);
      assertEquals(List.of(0, 1, 1, 2, 3), got.stream().map(FifoReceipts::n).toList());
    }
  }

  @Test
  void recoverSendsTheFailedAgainInTheirOrder() throws Exception {
    try (Receiver receiver = new Receiver()) {
      AtomicBoolean down = new AtomicBoolean(true);
      receiver.handler("/rec", r -> Reply.status(down.get() ? 500 : 204));
      Api api = Api.newTenant("fifo-recover-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(
                  receiver.url("/rec"), "\"ordering\":\"fifo\",\"retryPolicy\":{\"delays\":[]}")
              .getString("id");
      for (int n = 0; n < 6; n++) {
        api.post("/api/events", FifoReceipts.event(n % 2 == 0 ? "a" : "b", n)).expect(202);
      }
      Await.until(
          () -> api.deliveries(ep, "failed").size() == 6,
          WAIT,
          "all six to fail, one after another");
      assertEquals(List.of(0, 2, 4), ofKey(receiver.at("/rec"), "a"));
      assertEquals(List.of(1, 3, 5), ofKey(receiver.at("/rec"), "b"));
      down.set(false);
      int before = receiver.at("/rec").size();
      JsonObject r =
          api.post("/api/endpoints/" + ep + "/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}")
              .expect(200)
              .json();
      assertEquals(6, r.getInt("recovered"));
      receiver.await("/rec", before + 6, WAIT);
      List<Receiver.Received> again = receiver.at("/rec").subList(before, before + 6);
      assertEquals(List.of(0, 2, 4), ofKey(again, "a"));
      assertEquals(List.of(1, 3, 5), ofKey(again, "b"));
      Await.until(() -> api.deliveries(ep, "succeeded").size() == 6, WAIT, "all six to succeed");
    }
  }

  @Test
  void turningFifoOffSendsTheWaitingAtOnce() throws Exception {
    try (Receiver receiver = new Receiver()) {
      // The first event fails and is retried 10 s later (IT time scale); the others would wait.
      receiver.handler("/off", r -> Reply.status(FifoReceipts.n(r) == 0 ? 503 : 204));
      Api api = Api.newTenant("fifo-off-" + UUID.randomUUID());
      String ep =
          api.createEndpoint(
                  receiver.url("/off"), "\"ordering\":\"fifo\",\"retryPolicy\":{\"delays\":[1000]}")
              .getString("id");
      for (int n = 0; n < 3; n++) {
        api.post("/api/events", FifoReceipts.event("o", n)).expect(202);
      }
      Await.until(
          () -> api.deliveries(ep, "waiting_for_turn").size() == 2,
          WAIT,
          "two deliveries waiting behind the failing one");
      assertEquals(1, receiver.at("/off").size());
      JsonObject changed =
          api.patch("/api/endpoints/" + ep, "{\"ordering\":\"none\"}").expect(200).json();
      assertEquals("none", changed.getString("ordering"));
      List<Receiver.Received> got = receiver.await("/off", 3, Duration.ofSeconds(8));
      // Without order now: both arrive while the first still waits for its retry.
      assertEquals(
          List.of(0, 1, 2), got.stream().map(FifoReceipts::n).sorted().toList(), got.toString());
    }
  }

  @Test
  void orderingKeyAndOrderingAreCheckedWithTheirLimits() throws Exception {
    Api api = Api.newTenant("fifo-limits-" + UUID.randomUUID());
    String longKey = "k".repeat(257);
    Api.Resp one =
        api.post("/api/events", "{\"type\":\"t\",\"data\":{},\"orderingKey\":\"" + longKey + "\"}");
    assertEquals(400, one.status(), one.body());
    assertTrue(one.contentType().startsWith("application/problem+json"), one.contentType());
    assertTrue(one.body().contains("orderingKey") && one.body().contains("256"), one.body());
    Api.Resp batch =
        api.post(
            "/api/events/batch",
            "{\"events\":[{\"type\":\"t\",\"data\":{},\"orderingKey\":\"" + longKey + "\"}]}");
    assertEquals(400, batch.status(), batch.body());
    assertTrue(batch.body().contains("events[0].orderingKey"), batch.body());
    Api.Resp bad =
        api.post("/api/endpoints", "{\"url\":\"http://127.0.0.1:9/x\",\"ordering\":\"lifo\"}");
    assertEquals(400, bad.status(), bad.body());
    assertTrue(bad.body().contains("ordering") && bad.body().contains("none or fifo"), bad.body());
    // The longest key, in characters of three UTF-8 bytes each, at a FIFO endpoint: stored as its
    // sequence's key and delivered.
    try (Receiver receiver = new Receiver()) {
      String ep =
          api.createEndpoint(receiver.url("/long-key"), "\"ordering\":\"fifo\"").getString("id");
      String key = "\u20ac".repeat(256);
      api.post("/api/events", "{\"type\":\"t\",\"data\":{},\"orderingKey\":\"" + key + "\"}")
          .expect(202);
      receiver.await("/long-key", 1, WAIT);
      Await.until(
          () -> api.deliveries(ep, "succeeded").size() == 1, WAIT, "the delivery to succeed");
      assertEquals(key, api.deliveries(ep, "succeeded").getJsonObject(0).getString("orderingKey"));
    }
  }

  /**
   * A paused FIFO endpoint at {@code url} with {@code n} events of one key accepted: its first
   * delivery held, the others waiting for their turn.
   */
  private static String pausedWithEvents(Api api, String url, int n) {
    String ep = api.createEndpoint(url, "\"ordering\":\"fifo\"").getString("id");
    api.post("/api/endpoints/" + ep + "/pause", "{}").expect(200);
    for (int i = 0; i < n; i++) {
      api.post("/api/events", FifoReceipts.event("p", i)).expect(202);
    }
    Await.until(
        () ->
            api.deliveries(ep, "held").size() == 1
                && api.deliveries(ep, "waiting_for_turn").size() == n - 1,
        WAIT,
        "one held delivery and " + (n - 1) + " waiting behind it");
    return ep;
  }

  private static List<Integer> ofKey(List<Receiver.Received> got, String key) {
    return got.stream().filter(r -> key.equals(FifoReceipts.key(r))).map(FifoReceipts::n).toList();
  }
}
