package dev.webhooks.deliveries.boundary;

import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;

/**
 * One attempt made on request (a style's Test action), as sent and answered. {@code rejection} is
 * set when the style refused a 2xx response (validators).
 */
public record AttemptMade(OutgoingRequest request, HttpOutcome outcome, String rejection) {
  public boolean succeeded() {
    return outcome.is2xx() && rejection == null;
  }
}
