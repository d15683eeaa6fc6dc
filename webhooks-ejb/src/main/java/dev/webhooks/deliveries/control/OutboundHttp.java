package dev.webhooks.deliveries.control;

import dev.webhooks.endpoints.boundary.Destinations;
import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.Outbound;
import dev.webhooks.spi.OutgoingRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's HTTP client, obeying the operator's destination rules. Tenants for whom the operator
 * reserved destinations ({@code WEBHOOKS_ALLOWED_TARGETS} entries naming them) get a client of
 * their own, one per set of reservations: a pooled connection is checked once, when it is opened,
 * so a connection opened for one tenant's reserved destination must never carry another tenant's
 * request. Everyone else shares the main client. The operator's setting bounds how many there are.
 */
@ApplicationScoped
public class OutboundHttp implements Outbound {
  @Inject Destinations destinations;
  @Inject Settings settings;

  private HttpSender sender;
  private final Map<Set<Integer>, HttpSender> reserved = new ConcurrentHashMap<>();

  @PostConstruct
  void start() {
    // No per-host limit of the client's own: the engine's per-endpoint slots bound each endpoint,
    // and a per-host pool limit would make endpoints that share a host queue behind each other.
    sender = new HttpSender(destinations.rules(), 4000, 4000, settings.responseLimits());
  }

  @PreDestroy
  void stop() {
    sender.close();
    reserved.values().forEach(HttpSender::close);
  }

  @Override
  public CompletableFuture<HttpOutcome> send(
      Long tenantId, OutgoingRequest request, Duration timeout) {
    return senderFor(tenantId).send(request, timeout);
  }

  private HttpSender senderFor(Long tenantId) {
    DestinationRules rules = destinations.rules(tenantId);
    Set<Integer> grants = rules.grants();
    if (grants.isEmpty()) {
      return sender;
    }
    return reserved.computeIfAbsent(
        grants, g -> new HttpSender(rules, 4000, 4000, settings.responseLimits(), 1));
  }
}
