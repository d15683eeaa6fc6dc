package dev.webhooks.deliveries.control;

import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Claimed deliveries for unit tests: a native endpoint at {@code url}, one plain event. */
public final class Jobs {
  private Jobs() {}

  public static DeliveryJob job(long deliveryId, String url) {
    return job(deliveryId, 1L, url);
  }

  /** A job for a native endpoint of its own id, of tenant 1. */
  public static DeliveryJob job(long deliveryId, long endpointId, String url) {
    return job(deliveryId, endpointId, 1L, url);
  }

  /** A job for a native endpoint of its own id and tenant. */
  public static DeliveryJob job(long deliveryId, long endpointId, long tenantId, String url) {
    EventView event = new EventView(1L, "evt_1", 1L, "t", "{}", null, Instant.now());
    EndpointView endpoint =
        new EndpointView(
            endpointId,
            "ep_1",
            tenantId,
            EndpointKind.NATIVE,
            url,
            Map.of(),
            5,
            List.of("whsec_AAAA"),
            null,
            JsonObject.EMPTY_JSON_OBJECT,
            JsonObject.EMPTY_JSON_OBJECT);
    return new DeliveryJob(
        deliveryId, "dlv_" + deliveryId, 1, Instant.now(), event, endpoint, null, null);
  }
}
