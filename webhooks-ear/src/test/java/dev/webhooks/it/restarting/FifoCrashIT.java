package dev.webhooks.it.restarting;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.FifoReceipts;
import dev.webhooks.it.support.ItServer;
import dev.webhooks.tools.Receiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * FIFO order across a {@code kill -9}: deliveries in flight at the kill may arrive twice, never
 * after their successors, and every event arrives once the server is back.
 */
class FifoCrashIT {
  static final Duration WAIT = Duration.ofSeconds(180);

  @AfterAll
  static void restore() throws Exception {
    ItServer.restore();
  }

  @Test
  void orderHoldsAcrossAKill() throws Exception {
    int keys = 20;
    int perKey = 10;
    try (Receiver receiver = new Receiver()) {
      // Slow answers (300 ms), so that the kill lands in the middle; 10% of first attempts fail.
      FifoReceipts fifo = new FifoReceipts(0.10, 23, Duration.ofMillis(300));
      receiver.handler("/fifo-crash", fifo::answer);
      Api api = Api.newTenant("fifo-crash-" + UUID.randomUUID());
      api.createEndpoint(
          receiver.url("/fifo-crash"),
          "\"ordering\":\"fifo\",\"timeoutSeconds\":30,\"retryPolicy\":{\"delays\":[10,10,10,10,10,10,10,10,10,10]}");
      for (int n = 0; n < perKey; n++) {
        List<String> batch = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
          batch.add(FifoReceipts.event("k" + k, n));
        }
        api.post("/api/events/batch", "[" + String.join(",", batch) + "]").expect(202);
      }
      Await.until(
          () -> fifo.succeededCount() >= keys * perKey / 4,
          WAIT,
          "a quarter of the events to arrive before the kill");
      ItServer.kill();
      ItServer.start();
      Await.until(
          () -> fifo.succeededCount() == keys * perKey,
          WAIT,
          "every event to arrive after the restart (" + fifo.succeededCount() + " so far)");
      fifo.assertInOrder(keys, perKey);
    }
  }
}
