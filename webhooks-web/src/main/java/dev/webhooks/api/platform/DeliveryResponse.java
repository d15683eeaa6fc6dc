package dev.webhooks.api.platform;

import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.DeliveryAttempt;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.shared.JsonText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A delivery with, on its own page, every attempt. Statuses are lowercase. At a FIFO endpoint it
 * shows its ordering key and, while it waits for its turn, the delivery it waits for.
 */
public record DeliveryResponse(
    String id,
    String eventId,
    String eventType,
    String endpointId,
    String status,
    int attemptCount,
    Instant nextAttemptAt,
    Integer lastStatusCode,
    String lastError,
    Instant createdAt,
    Instant finishedAt,
    @Schema(description = "The FIFO sequence it is in (\"\" for events without an orderingKey)")
        String orderingKey,
    @Schema(
            description =
                "While its status is waiting_for_turn: the delivery of its sequence that goes"
                    + " first (attempted or held now)")
        String waitingFor,
    List<AttemptResponse> attempts) {

  /** One attempt as sent (secrets masked) and answered. */
  public record AttemptResponse(
      int number,
      Instant startedAt,
      long durationMs,
      boolean succeeded,
      RequestShown request,
      ResponseShown response,
      String error) {}

  public record RequestShown(
      String method,
      String url,
      Map<String, String> headers,
      @Schema(
              description =
                  "As sent. Styles that do not store it (native, Portant, Truto, Intuned) show it"
                      + " rebuilt from the event, as they build it for every attempt")
          String body) {}

  public record ResponseShown(Integer status, Map<String, String> headers, String body) {}

  static DeliveryResponse of(Delivery d, List<DeliveryAttempt> attempts, String waitingFor) {
    return of(d, attempts, waitingFor, null);
  }

  /** {@code rebuiltBody}: the request body of attempts whose style does not store it. */
  static DeliveryResponse of(
      Delivery d, List<DeliveryAttempt> attempts, String waitingFor, String rebuiltBody) {
    boolean waiting = !d.status().isFinal() && d.status() != DeliveryStatus.WAITING_FOR_TURN;
    return new DeliveryResponse(
        d.publicId(),
        d.event().publicId(),
        d.event().type(),
        d.endpoint().publicId(),
        d.status().shown(),
        d.attempts(),
        waiting ? d.nextAttemptAt() : null,
        d.lastStatusCode(),
        d.lastError(),
        d.createdAt(),
        d.finishedAt(),
        d.orderingKey(),
        waitingFor,
        attempts == null ? null : attempts.stream().map(a -> attempt(a, rebuiltBody)).toList());
  }

  static AttemptResponse attempt(DeliveryAttempt a, String rebuiltBody) {
    return new AttemptResponse(
        a.number(),
        a.startedAt(),
        a.durationMs(),
        a.succeeded(),
        new RequestShown(
            a.requestMethod(),
            a.requestUrl(),
            JsonText.stringMap(a.requestHeaders()),
            a.requestBody() != null ? a.requestBody() : rebuiltBody),
        a.responseStatus() == null && a.responseBody() == null
            ? null
            : new ResponseShown(
                a.responseStatus(), JsonText.stringMap(a.responseHeaders()), a.responseBody()),
        a.error());
  }
}
