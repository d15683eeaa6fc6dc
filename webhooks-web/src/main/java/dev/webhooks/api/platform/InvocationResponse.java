package dev.webhooks.api.platform;

import dev.webhooks.deliveries.boundary.AttemptMade;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One synchronous attempt as a user needs it to fix a failing webhook: what was sent and what came
 * back.
 */
public record InvocationResponse(
    boolean success,
    DeliveryResponse.RequestShown request,
    DeliveryResponse.ResponseShown response,
    long durationMs,
    String error) {

  public static InvocationResponse of(AttemptMade r) {
    var o = r.outcome();
    return new InvocationResponse(
        r.succeeded(),
        new DeliveryResponse.RequestShown(
            r.request().method(),
            r.request().url(),
            r.request().maskedHeaders(),
            new String(r.request().body(), StandardCharsets.UTF_8)),
        o.status() == null
            ? null
            : new DeliveryResponse.ResponseShown(
                o.status(), o.headers() == null ? Map.of() : o.headers(), o.body()),
        o.durationMs(),
        r.rejection() != null ? r.rejection() : o.error());
  }
}
