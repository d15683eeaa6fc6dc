package dev.webhooks.deliveries.control;

import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;

/**
 * One finished attempt, waiting to be recorded. {@code rejection} is set when a 2xx response was
 * refused by the style (validators).
 */
public record AttemptResult(
    DeliveryJob job, OutgoingRequest request, HttpOutcome outcome, String rejection) {

  public boolean succeeded() {
    return outcome.is2xx() && rejection == null;
  }
}
