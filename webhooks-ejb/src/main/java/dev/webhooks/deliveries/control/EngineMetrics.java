package dev.webhooks.deliveries.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counters of accepted events and of attempts by outcome, and a histogram of delivery latency
 * (event accepted to successful attempt), exposed at /metrics.
 */
@ApplicationScoped
public class EngineMetrics {
  @Inject MetricRegistry registry;

  public void eventsAccepted(int n) {
    if (n > 0) {
      registry
          .counter(
              Metadata.builder()
                  .withName("webhooks_events_accepted")
                  .withDescription("Events accepted")
                  .build())
          .inc(n);
    }
  }

  public void attempt(boolean succeeded) {
    Counter c =
        registry.counter(
            Metadata.builder()
                .withName("webhooks_attempts")
                .withDescription("Delivery attempts by outcome")
                .build(),
            new Tag("outcome", succeeded ? "success" : "failure"));
    c.inc();
  }

  public void finished(String status) {
    registry
        .counter(
            Metadata.builder()
                .withName("webhooks_deliveries_finished")
                .withDescription("Deliveries that reached a final state, by state")
                .build(),
            new Tag("status", status))
        .inc();
  }

  public void deliveredAfter(long millis) {
    Histogram h =
        registry.histogram(
            Metadata.builder()
                .withName("webhooks_delivery_latency_ms")
                .withDescription("Time from event accepted to successful delivery")
                .withUnit("milliseconds")
                .build());
    h.update(millis);
  }
}
