package dev.webhooks.styles.portant;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RoutingTarget;
import dev.webhooks.spi.StandardWebhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A workflow's webhook receives the events whose source names its workflow, as Portant shapes them.
 */
@ApplicationScoped
public class PortantStyle implements DeliveryStyle {

  @Override
  public EndpointKind kind() {
    return EndpointKind.PORTANT;
  }

  @Override
  public boolean matches(EventView event, RoutingTarget endpoint) {
    return endpoint.styleKey() != null
        && endpoint.styleKey().equals(workflowOf(event))
        && PortantEvents.TYPES.contains(event.type());
  }

  static String workflowOf(EventView event) {
    return JsonText.parseObject(event.source()).get("workflowId") instanceof JsonString s
        ? s.getString()
        : null;
  }

  @Override
  public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
    String body =
        "{\"event_id\":"
            + Jsonp.PROVIDER.createValue(event.publicId())
            + ",\"event_type\":"
            + Jsonp.PROVIDER.createValue(event.type())
            + ",\"data\":"
            + event.payload()
            + "}";
    OutgoingRequest r = new OutgoingRequest(endpoint.url(), body.getBytes(StandardCharsets.UTF_8));
    return StandardWebhooks.sign(r, event.publicId(), endpoint, attemptTime);
  }
}
