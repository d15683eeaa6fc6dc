package dev.webhooks.deliveries.control;

import dev.webhooks.endpoints.boundary.Destinations;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.Outbound;
import dev.webhooks.spi.OutgoingRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The one HTTP client of the server, obeying the operator's destination rules. */
@ApplicationScoped
public class OutboundHttp implements Outbound {
  @Inject Destinations destinations;
  @Inject Settings settings;

  private HttpSender sender;

  @PostConstruct
  void start() {
    // No per-host limit of the client's own: the engine's per-endpoint slots bound each endpoint,
    // and a per-host pool limit would make endpoints that share a host queue behind each other.
    sender = new HttpSender(destinations.rules(), 4000, 4000, settings.responseLimits());
  }

  @PreDestroy
  void stop() {
    sender.close();
  }

  @Override
  public CompletableFuture<HttpOutcome> send(OutgoingRequest request, Duration timeout) {
    return sender.send(request, timeout);
  }
}
