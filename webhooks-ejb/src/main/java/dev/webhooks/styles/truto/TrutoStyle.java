package dev.webhooks.styles.truto;

import dev.webhooks.shared.Jsonp;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.FollowUpEvents;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RoutingTarget;
import dev.webhooks.spi.WebhookSignature;
import dev.webhooks.tenants.boundary.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Truto webhooks receive events of their subscribed Truto types (all when none are named) while
 * active; body {@code {"id", "event", "payload", "environment_id", "created_at", "webhook_id"}}
 * signed with the webhook's own secret, no Standard Webhooks headers. A webhook failing with no
 * success for {@code WEBHOOKS_TRUTO_DISABLE_AFTER} (default 3 days) becomes inactive and {@code
 * webhook:disabled} is emitted for its environment.
 */
@ApplicationScoped
public class TrutoStyle implements DeliveryStyle {
  @Inject
  @ConfigProperty(name = "WEBHOOKS_TRUTO_DISABLE_AFTER", defaultValue = "P3D")
  String disableAfter;

  @Inject FollowUpEvents followUps;
  @Inject Tenants tenants;

  @Override
  public EndpointKind kind() {
    return EndpointKind.TRUTO;
  }

  @Override
  public boolean matches(EventView event, RoutingTarget endpoint) {
    return TrutoEvents.TYPES.contains(event.type()) && endpoint.acceptsType(event.type());
  }

  /** Inactive Truto webhooks receive nothing (nothing is held for them). */
  @Override
  public boolean holdsWhileInactive() {
    return false;
  }

  @Override
  public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
    String environment = endpoint.styleConfig().getString("environmentId", "");
    String body =
        "{\"id\":"
            + Jsonp.PROVIDER.createValue(event.publicId())
            + ",\"event\":"
            + Jsonp.PROVIDER.createValue(event.type())
            + ",\"payload\":"
            + event.payload()
            + ",\"environment_id\":"
            + Jsonp.PROVIDER.createValue(environment)
            + ",\"created_at\":\""
            + TrutoEvents.timestamp(event.createdAt())
            + "\",\"webhook_id\":"
            + Jsonp.PROVIDER.createValue(endpoint.publicId())
            + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String secret = endpoint.styleSecrets().getString("secret");
    return new OutgoingRequest(endpoint.url(), bytes)
        .header("User-Agent", "truto")
        .header("X-Truto-Signature", "format=sha256,v=" + WebhookSignature.hexHmac(secret, bytes));
  }

  @Override
  public Optional<Duration> disableAfter() {
    try {
      return Optional.of(Duration.parse(disableAfter.trim()));
    } catch (RuntimeException e) {
      return Optional.of(Duration.ofDays(3));
    }
  }

  @Override
  public void onDisabled(EndpointView endpoint, Instant failingSince) {
    String data =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("id", endpoint.publicId())
            .add("failing_since", TrutoEvents.timestamp(failingSince))
            .build()
            .toString();
    followUps.emit(
        endpoint.tenantId(),
        List.of(IncomingEvent.routed(TrutoEvents.WEBHOOK_DISABLED, data, null, null)));
  }
}
