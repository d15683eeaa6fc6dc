package dev.webhooks.api.platform;

import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.Event;
import dev.webhooks.shared.JsonText;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An accepted event and where it went: its deliveries, without their attempts. */
public record EventResponse(
    String id,
    String type,
    String idempotencyKey,
    Instant createdAt,
    @Schema(description = "The event's data as it was accepted") JsonValue data,
    List<DeliveryResponse> deliveries,
    @Schema(description = "Whether it has more deliveries than are listed (" + MAX + ")")
        boolean moreDeliveries) {

  /** The most deliveries one event shows. */
  static final int MAX = 1000;

  static EventResponse of(Event e, List<Delivery> deliveries) {
    List<Delivery> shown = deliveries.size() > MAX ? deliveries.subList(0, MAX) : deliveries;
    return new EventResponse(
        e.publicId(),
        e.type(),
        e.idempotencyKey(),
        e.createdAt(),
        data(e.payload()),
        shown.stream().map(d -> DeliveryResponse.of(d, null, null)).toList(),
        deliveries.size() > MAX);
  }

  private static JsonValue data(String payload) {
    try {
      return JsonText.parse(payload);
    } catch (RuntimeException notJson) {
      return payload == null ? JsonValue.NULL : jakarta.json.Json.createValue(payload);
    }
  }
}
