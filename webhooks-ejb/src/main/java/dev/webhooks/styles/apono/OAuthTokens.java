package dev.webhooks.styles.apono;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.Outbound;
import dev.webhooks.spi.OutgoingRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * OAuth 2.0 client-credentials tokens per webhook, fetched through the engine's HTTP client (so the
 * destination rules apply to token URLs too) and cached until shortly before they expire.
 */
@ApplicationScoped
public class OAuthTokens {
  @Inject Outbound outbound;

  private record Token(String value, Instant expiresAt) {}

  /**
   * Tokens per webhook and credentials, bounded in number, each dropped when it expires (an hour at
   * most). The key holds a digest of the token URL, client id, secret and scopes as the delivery
   * read them from the database: a token is never used after its webhook's credentials changed, on
   * whichever member of a cluster they were changed, without any message between members.
   */
  private final Cache<String, Token> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

  public String token(
      Long endpointId, String tokenUrl, String clientId, String secret, List<String> scopes) {
    String key = key(endpointId, tokenUrl, clientId, secret, scopes);
    Token t = cache.getIfPresent(key);
    if (t != null && t.expiresAt().isAfter(Instant.now())) {
      return t.value();
    }
    Token fresh = fetch(tokenUrl, clientId, secret, scopes);
    cache.put(key, fresh);
    return fresh.value();
  }

  /** Drops this member's tokens of a webhook (its receiver refused one). */
  public void forget(Long endpointId) {
    String prefix = endpointId + "|";
    cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
  }

  static String key(
      Long endpointId, String tokenUrl, String clientId, String secret, List<String> scopes) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {
            tokenUrl, clientId, secret, scopes == null ? "" : String.join(" ", scopes)
          }) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return endpointId + "|" + java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Token fetch(String tokenUrl, String clientId, String secret, List<String> scopes) {
    StringBuilder form =
        new StringBuilder("grant_type=client_credentials")
            .append("&client_id=")
            .append(enc(clientId))
            .append("&client_secret=")
            .append(enc(secret));
    if (scopes != null && !scopes.isEmpty()) {
      form.append("&scope=").append(enc(String.join(" ", scopes)));
    }
    OutgoingRequest req =
        new OutgoingRequest(tokenUrl, form.toString().getBytes(StandardCharsets.UTF_8))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    HttpOutcome o = outbound.send(req, Duration.ofSeconds(10)).join();
    if (!o.is2xx()) {
      throw new IllegalStateException(
          "token endpoint answered " + (o.status() == null ? o.error() : "HTTP " + o.status()));
    }
    try (var r = Jsonp.PROVIDER.createReader(new StringReader(o.body()))) {
      JsonObject json = r.readObject();
      long expiresIn =
          json.containsKey("expires_in") ? json.getJsonNumber("expires_in").longValue() : 300;
      return new Token(
          json.getString("access_token"), Instant.now().plusSeconds(Math.max(0, expiresIn - 10)));
    } catch (RuntimeException e) {
      throw new IllegalStateException("token endpoint answered no access_token", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
