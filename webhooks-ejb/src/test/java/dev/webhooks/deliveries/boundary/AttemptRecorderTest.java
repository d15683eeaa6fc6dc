package dev.webhooks.deliveries.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.deliveries.control.AttemptInbox;
import dev.webhooks.deliveries.control.AttemptResult;
import dev.webhooks.deliveries.control.DeliveryJob;
import dev.webhooks.deliveries.control.DeliveryStore;
import dev.webhooks.deliveries.control.DeliveryWorker;
import dev.webhooks.deliveries.control.Jobs;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The claim pump and the recorder serve every tenant: whatever one delivery's work throws (an
 * {@link Error} included), the loop returns normally, the other deliveries of the batch go on, and
 * the next round runs.
 */
class AttemptRecorderTest {
  private static final long POISON = 2L;

  private final List<List<Long>> claimed = new ArrayList<>();
  private final List<String> recorded = new ArrayList<>();

  private AttemptRecorder recorder() {
    AttemptRecorder r = new AttemptRecorder();
    r.pending = new AttemptInbox();
    r.worker =
        new DeliveryWorker() {
          @Override
          public List<DeliveryStore.Retry> process(List<Long> ids, Consumer<AttemptResult> sink) {
            if (ids.contains(POISON)) {
              throw new StackOverflowError();
            }
            claimed.add(ids);
            return List.of();
          }
        };
    r.store =
        new DeliveryStore() {
          @Override
          public List<Retry> record(List<AttemptResult> results, Instant now, boolean reactions) {
            for (AttemptResult a : results) {
              if (a.job().deliveryId() == POISON && reactions) {
                throw new ExceptionInInitializerError("a style's reaction broke");
              }
            }
            for (AttemptResult a : results) {
              recorded.add(a.job().deliveryId() + (reactions ? "" : " without reactions"));
            }
            return List.of();
          }
        };
    return r;
  }

  @Test
  void aDeliveryWhoseClaimThrowsAnErrorHoldsBackOnlyItself() {
    AttemptRecorder r = recorder();
    r.pending.claimLater(List.of(1L, POISON, 3L));
    r.pumpClaims();
    assertEquals(List.of(List.of(1L), List.of(3L)), claimed);

    r.pending.claimLater(List.of(4L, 5L));
    r.pumpClaims();
    assertEquals(List.of(4L, 5L), claimed.get(2), "the next round runs as usual");
  }

  @Test
  void anAttemptWhoseRecordingThrowsAnErrorIsRecordedWithoutItsReactionAndTheOthersNormally() {
    AttemptRecorder r = recorder();
    r.pending.add(result(1L));
    r.pending.add(result(POISON));
    r.pending.add(result(3L));
    r.drain();
    assertEquals(List.of("1", "2 without reactions", "3"), recorded);

    r.pending.add(result(4L));
    r.drain();
    assertEquals("4", recorded.get(3), "the next round runs as usual");
    assertTrue(r.stalledLoops().isEmpty());
  }

  private static AttemptResult result(long deliveryId) {
    DeliveryJob job = Jobs.job(deliveryId, "http://127.0.0.1:9/");
    return new AttemptResult(
        job,
        new OutgoingRequest(job.endpoint().url(), new byte[0]),
        new HttpOutcome(Instant.now(), 1, 204, Map.of(), "", null),
        null);
  }
}
