package dev.webhooks.styles.apono;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.shared.Failures;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OAuth 2.0 client-credentials tokens per webhook, fetched through the engine's HTTP client (so the
 * destination rules apply to token URLs too) and cached until shortly before they expire.
 *
 * <p>A token URL is the tenant's, so it may never answer: nothing waits for it. A fetch is
 * asynchronous with a deadline of {@link #FETCH_TIMEOUT}, one at a time per webhook and credentials
 * (every attempt that needs the token meanwhile waits for the same fetch, on no thread), and a
 * failed fetch is remembered for {@link #FAILURE_TTL}: attempts in that time fail at once with its
 * reason instead of asking again.
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
  private final AsyncCache<String, Token> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).buildAsync();

  /** How long one token request may take. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  /** How long a failed token request is remembered (attempts meanwhile fail with its reason). */
  static final Duration FAILURE_TTL = Duration.ofSeconds(30);

  /** Why the latest token request of a key failed, for {@link #FAILURE_TTL}. */
  private final Cache<String, String> failures =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(FAILURE_TTL).build();

  /**
   * The token for a webhook's credentials: from the cache, from the fetch already under way, or
   * from a new one. Never blocks; fails with the reason the token endpoint gave.
   */
  public CompletableFuture<String> token(
      Long tenantId,
      Long endpointId,
      String tokenUrl,
      String clientId,
      String secret,
      List<String> scopes,
      String clientAuthMethod) {
    String key = key(endpointId, tokenUrl, clientId, secret, scopes) + "|" + clientAuthMethod;
    String failed = failures.getIfPresent(key);
    if (failed != null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              failed + " (not asked again for " + FAILURE_TTL.toSeconds() + " s)"));
    }
    CompletableFuture<Token> cached = cache.getIfPresent(key);
    if (cached != null
        && cached.isDone()
        && !cached.isCompletedExceptionally()
        && !cached.join().expiresAt().isAfter(Instant.now())) {
      cache.asMap().remove(key, cached);
    }
    return cache
        .get(
            key,
            (k, executor) ->
                fetch(tenantId, tokenUrl, clientId, secret, scopes, clientAuthMethod)
                    .whenComplete(
                        (t, ex) -> {
                          if (ex != null) {
                            failures.put(k, Failures.describe(ex));
                          }
                        }))
        .thenApply(Token::value);
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

  /**
   * Asks for a token with the client credentials grant, authenticating the client as the webhook
   * says: {@code client_secret_basic} (an HTTP Basic header of the form-encoded id and secret, RFC
   * 6749 section 2.3.1) or {@code client_secret_post} (both in the form body).
   */
  private CompletableFuture<Token> fetch(
      Long tenantId,
      String tokenUrl,
      String clientId,
      String secret,
      List<String> scopes,
      String clientAuthMethod) {
    boolean basic = !AponoConfig.Auth.CLIENT_SECRET_POST.equals(clientAuthMethod);
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    if (!basic) {
      form.append("&client_id=").append(enc(clientId));
      form.append("&client_secret=").append(enc(secret));
    }
    if (scopes != null && !scopes.isEmpty()) {
      form.append("&scope=").append(enc(String.join(" ", scopes)));
    }
    OutgoingRequest req =
        new OutgoingRequest(tokenUrl, form.toString().getBytes(StandardCharsets.UTF_8))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (basic) {
      byte[] pair = (enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8);
      req.secretHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair));
    }
    String method =
        basic ? AponoConfig.Auth.CLIENT_SECRET_BASIC : AponoConfig.Auth.CLIENT_SECRET_POST;
    return outbound.send(tenantId, req, FETCH_TIMEOUT).thenApply(o -> token(o, method));
  }

  /**
   * The token in the answer. A 400 or 401 says which client authentication was used, as the likely
   * cause: a token endpoint accepts one of the two methods, often not both.
   */
  private static Token token(HttpOutcome o, String clientAuthMethod) {
    if (!o.is2xx()) {
      String hint =
          o.status() != null && (o.status() == 400 || o.status() == 401)
              ? " to client authentication "
                  + clientAuthMethod
                  + " (if the endpoint expects the other method, set authentication"
                  + ".clientAuthMethod to "
                  + (clientAuthMethod.equals(AponoConfig.Auth.CLIENT_SECRET_BASIC)
                      ? AponoConfig.Auth.CLIENT_SECRET_POST
                      : AponoConfig.Auth.CLIENT_SECRET_BASIC)
                  + ")"
              : "";
      throw new IllegalStateException(
          "token endpoint answered "
              + (o.status() == null ? o.error() : "HTTP " + o.status())
              + hint);
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
