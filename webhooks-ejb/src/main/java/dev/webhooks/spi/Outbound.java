package dev.webhooks.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's HTTP client, for the requests a style makes besides its deliveries (an OAuth token).
 * It obeys the operator's destination rules: a refused address is never connected to.
 */
public interface Outbound {
  /** Completes with the outcome, never exceptionally (a failure is an outcome with its reason). */
  CompletableFuture<HttpOutcome> send(OutgoingRequest request, Duration timeout);
}
