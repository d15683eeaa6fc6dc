package dev.webhooks.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  /** The example from the Standard Webhooks specification. */
  @Test
  void matchesTheSpecificationExample() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    long ts = 1614265330;
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        WebhookSignature.sign(secret, id, ts, body));
  }

  /** The reference library accepts what we sign, for a fresh secret and the current time. */
  @Test
  void referenceLibraryVerifiesOurSignature() {
    String secret = WebhookSignature.newSecret();
    String id = "evt_1";
    long ts = Instant.now().getEpochSecond();
    String payload = "{\"id\":\"evt_1\",\"data\":{\"n\":\"ü\"}}";
    String sig = WebhookSignature.sign(secret, id, ts, payload.getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of(id),
            "webhook-timestamp", List.of(Long.toString(ts)),
            "webhook-signature", List.of(sig));
    assertDoesNotThrow(() -> new Webhook(secret).verify(payload, headers));
  }

  @Test
  void newSecretsHaveThePrefixAnd32Bytes() {
    String s = WebhookSignature.newSecret();
    assertTrue(s.startsWith("whsec_"));
    assertEquals(32, Base64.getDecoder().decode(s.substring(6)).length);
  }

  @Test
  void verifyAcceptsAnyOfSeveralSignatures() {
    String oldSecret = WebhookSignature.newSecret();
    String newSecret = WebhookSignature.newSecret();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String header =
        WebhookSignature.sign(newSecret, "m", 1, body)
            + " "
            + WebhookSignature.sign(oldSecret, "m", 1, body);
    assertTrue(WebhookSignature.verify(oldSecret, "m", 1, body, header));
    assertTrue(WebhookSignature.verify(newSecret, "m", 1, body, header));
    assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), "m", 1, body, header));
  }

  @Test
  void hexHmacIsLowercaseSha256() {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test value
    assertEquals(
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        WebhookSignature.hexHmac(
            "key", "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)));
  }
}
