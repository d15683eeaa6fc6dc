package dev.webhooks.spi;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Header names a tenant may not set on its requests, whatever their case: the ones that frame the
 * HTTP exchange (a tenant's {@code Transfer-Encoding} or {@code Host} would desynchronise or
 * redirect it), proxy headers, and the signature headers the engine sets (a tenant's {@code
 * Webhook-Signature} would be sent beside the engine's, or instead of it).
 */
public final class HeaderRules {
  /** The names that frame the exchange and are the HTTP client's to set. */
  static final Set<String> TRANSPORT =
      Set.of(
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "keep-alive",
          "expect");

  /** The signature headers of every style. */
  static final Set<String> SIGNATURES = Set.of("x-truto-signature");

  private HeaderRules() {}

  /** Whether the HTTP client alone sets this header (a request never carries a tenant's one). */
  public static boolean transport(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return TRANSPORT.contains(n) || n.startsWith("proxy-");
  }

  /** Why a tenant may not set this header, or empty if it may. */
  public static Optional<String> refusal(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toLowerCase(Locale.ROOT);
    if (transport(n)) {
      return Optional.of("is set by the HTTP client and cannot be configured");
    }
    if (n.startsWith("webhook-") || SIGNATURES.contains(n)) {
      return Optional.of("is a signature header the server sets and cannot be configured");
    }
    return Optional.empty();
  }
}
