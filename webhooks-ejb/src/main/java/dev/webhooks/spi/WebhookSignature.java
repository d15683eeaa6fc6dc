package dev.webhooks.spi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks specification defines it: {@code v1,} + base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, keyed with the base64 part of a {@code whsec_} secret.
 */
public final class WebhookSignature {
  public static final String SECRET_PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new signing secret: {@code whsec_} + base64 of 32 random bytes. */
  public static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code v1,...} signature of one message. */
  public static String sign(String secret, String msgId, long timestampSeconds, byte[] body) {
    byte[] key = secretKeyBytes(secret);
    byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    byte[] mac = hmac(key, prefix, body);
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  /**
   * Lowercase hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes (Truto-style
   * signatures).
   */
  public static String hexHmac(String secret, byte[] body) {
    return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /**
   * True when any space-separated {@code v1,} signature in the header matches. Constant-time
   * comparison.
   */
  public static boolean verify(
      String secret, String msgId, long timestampSeconds, byte[] body, String signatureHeader) {
    byte[] expected =
        sign(secret, msgId, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatureHeader.trim().split(" +")) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  static byte[] secretKeyBytes(String secret) {
    String b64 =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    return Base64.getDecoder().decode(b64);
  }

  private static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
