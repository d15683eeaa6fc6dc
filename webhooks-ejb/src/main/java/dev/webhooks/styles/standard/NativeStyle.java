package dev.webhooks.styles.standard;

import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.FollowUpEvents;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RoutingTarget;
import dev.webhooks.spi.StandardWebhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Native endpoints: body {@code {"id", "type", "timestamp", "data"}}, Standard Webhooks headers,
 * the endpoint's own headers.
 */
@ApplicationScoped
public class NativeStyle implements DeliveryStyle {

  @Inject Settings settings;
  @Inject FollowUpEvents followUps;

  @Override
  public Optional<Duration> disableAfter() {
    return Optional.of(settings.disableAfter());
  }

  /** Emits {@code endpoint.disabled} to the tenant's native endpoints that subscribe to it. */
  @Override
  public void onDisabled(EndpointView endpoint, Instant failingSince) {
    String data =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("endpointId", endpoint.publicId())
            .add("failingSince", failingSince.toString())
            .add("reason", "failing with no success since " + failingSince)
            .build()
            .toString();
    followUps.emit(
        endpoint.tenantId(), List.of(IncomingEvent.routed("endpoint.disabled", data, null, null)));
  }

  @Override
  public EndpointKind kind() {
    return EndpointKind.NATIVE;
  }

  @Override
  public boolean matches(EventView event, RoutingTarget endpoint) {
    return endpoint.acceptsType(event.type());
  }

  @Override
  public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
    // The payload is stored as JSON text written by the engine, so it can be spliced in as is.
    String body =
        "{\"id\":"
            + Jsonp.PROVIDER.createValue(event.publicId())
            + ",\"type\":"
            + Jsonp.PROVIDER.createValue(event.type())
            + ",\"timestamp\":\""
            + event.createdAt()
            + "\",\"data\":"
            + event.payload()
            + "}";
    OutgoingRequest r = new OutgoingRequest(endpoint.url(), body.getBytes(StandardCharsets.UTF_8));
    r.userHeaders(endpoint.headers());
    return StandardWebhooks.sign(r, event.publicId(), endpoint, attemptTime);
  }
}
