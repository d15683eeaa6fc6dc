package dev.webhooks.styles;

import dev.webhooks.endpoints.entity.EndpointKind;
import dev.webhooks.shared.Jsonp;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Native endpoints: body {@code {"id", "type", "timestamp", "data"}}, Standard Webhooks headers,
 * the endpoint's own headers.
 */
@ApplicationScoped
public class NativeStyle implements DeliveryStyle {

  @jakarta.inject.Inject dev.webhooks.shared.Settings settings;
  @jakarta.inject.Inject dev.webhooks.events.control.EventStore events;

  @Override
  public java.util.Optional<java.time.Duration> disableAfter() {
    return java.util.Optional.of(settings.disableAfter());
  }

  /** Emits {@code endpoint.disabled} to the tenant's native endpoints that subscribe to it. */
  @Override
  public void onDisabled(EndpointView endpoint, java.time.Instant failingSince) {
    String data =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("endpointId", endpoint.publicId())
            .add("failingSince", failingSince.toString())
            .add("reason", "failing with no success since " + failingSince)
            .build()
            .toString();
    events.acceptLater(
        endpoint.tenantId(),
        java.util.List.of(
            dev.webhooks.events.control.IncomingEvent.routed(
                "endpoint.disabled", data, null, null)));
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
