package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.HttpOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OAuthTokensTest {

  /**
   * A cached token belongs to the credentials that fetched it: any change, made on any member,
   * makes another key.
   */
  @Test
  void aTokenIsKeyedByItsWebhookAndCredentials() {
    String key = OAuthTokens.key(7L, "https://a/token", "client", "secret", List.of("s"));
    assertEquals(key, OAuthTokens.key(7L, "https://a/token", "client", "secret", List.of("s")));
    assertNotEquals(key, OAuthTokens.key(8L, "https://a/token", "client", "secret", List.of("s")));
    assertNotEquals(key, OAuthTokens.key(7L, "https://b/token", "client", "secret", List.of("s")));
    assertNotEquals(key, OAuthTokens.key(7L, "https://a/token", "other", "secret", List.of("s")));
    assertNotEquals(key, OAuthTokens.key(7L, "https://a/token", "client", "rotated", List.of("s")));
    assertNotEquals(key, OAuthTokens.key(7L, "https://a/token", "client", "secret", List.of()));
    // Parts are separated: moving characters between them does not collide.
    assertNotEquals(
        OAuthTokens.key(7L, "ab", "c", "secret", null),
        OAuthTokens.key(7L, "a", "bc", "secret", null));
  }

  /** Token requests sent, each completed by the test. */
  private final List<CompletableFuture<HttpOutcome>> sent = new CopyOnWriteArrayList<>();

  private OAuthTokens tokens() {
    OAuthTokens t = new OAuthTokens();
    t.outbound =
        (tenant, request, timeout) -> {
          assertEquals(OAuthTokens.FETCH_TIMEOUT, timeout);
          assertEquals(3L, tenant, "the token is fetched under the webhook's tenant's rules");
          CompletableFuture<HttpOutcome> f = new CompletableFuture<>();
          sent.add(f);
          return f;
        };
    return t;
  }

  private CompletableFuture<String> ask(OAuthTokens t) {
    return t.token(3L, 1L, "https://idp.example/token", "c", "s", List.of());
  }

  @Test
  void aTokenEndpointThatNeverAnswersBlocksNothingAndIsAskedOnce() {
    OAuthTokens t = tokens();
    List<CompletableFuture<String>> waiting = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(ask(t)); // returns at once: nothing waits on a thread
    }
    assertEquals(1, sent.size(), "fifty attempts share one token request");
    assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));
    sent.get(0)
        .complete(
            new HttpOutcome(Instant.now(), 5, 200, Map.of(), "{\"access_token\":\"t1\"}", null));
    for (CompletableFuture<String> w : waiting) {
      assertEquals("t1", w.getNow(null));
    }
    assertEquals("t1", ask(t).getNow(null), "cached");
    assertEquals(1, sent.size());
  }

  @Test
  void aFailedTokenRequestIsRememberedAndNotRepeatedForAWhile() throws Exception {
    OAuthTokens t = tokens();
    CompletableFuture<String> first = ask(t);
    sent.get(0)
        .complete(
            HttpOutcome.failure(
                Instant.now(), 5000, FailureKind.TIMEOUT, "timed out after 5000 ms"));
    assertTrue(first.isCompletedExceptionally());
    CompletableFuture<String> again = ask(t);
    assertTrue(again.isCompletedExceptionally(), "fails at once");
    assertEquals(1, sent.size(), "the token endpoint is not asked again");
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> again.get(1, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("timed out"), e.getCause().getMessage());
    assertTrue(e.getCause().getMessage().contains("not asked again"), e.getCause().getMessage());
  }
}
