package dev.webhooks.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's HTTP client, for the requests a style makes besides its deliveries (an OAuth token).
 * It obeys the operator's destination rules as they hold for the tenant the request is made for: a
 * refused address is never connected to, and no connection serves tenants whose rules differ.
 */
public interface Outbound {
  /** Completes with the outcome, never exceptionally (a failure is an outcome with its reason). */
  CompletableFuture<HttpOutcome> send(Long tenantId, OutgoingRequest request, Duration timeout);
}
