package dev.webhooks.spi;

import java.time.Instant;

/**
 * Adds the Standard Webhooks headers: webhook-id, webhook-timestamp and one signature per active
 * secret.
 */
public final class StandardWebhooks {
  private StandardWebhooks() {}

  public static OutgoingRequest sign(
      OutgoingRequest request, String messageId, EndpointView endpoint, Instant attemptTime) {
    long ts = attemptTime.getEpochSecond();
    StringBuilder signatures = new StringBuilder();
    for (String secret : endpoint.signingSecrets()) {
      if (signatures.length() > 0) {
        signatures.append(' ');
      }
      signatures.append(WebhookSignature.sign(secret, messageId, ts, request.body()));
    }
    return request
        .header("webhook-id", messageId)
        .header("webhook-timestamp", Long.toString(ts))
        .header("webhook-signature", signatures.toString());
  }
}
