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

  /** Tokens per webhook, bounded in number, each dropped when it expires (an hour at most). */
  private final Cache<Long, Token> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

  public String token(
      Long endpointId, String tokenUrl, String clientId, String secret, List<String> scopes) {
    Token t = cache.getIfPresent(endpointId);
    if (t != null && t.expiresAt().isAfter(Instant.now())) {
      return t.value();
    }
    Token fresh = fetch(tokenUrl, clientId, secret, scopes);
    cache.put(endpointId, fresh);
    return fresh.value();
  }

  public void forget(Long endpointId) {
    cache.invalidate(endpointId);
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
