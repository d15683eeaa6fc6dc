package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

  /** The token requests themselves. */
  private final List<dev.webhooks.spi.OutgoingRequest> requests = new CopyOnWriteArrayList<>();

  private OAuthTokens tokens() {
    OAuthTokens t = new OAuthTokens();
    t.outbound =
        (tenant, request, timeout) -> {
          assertEquals(OAuthTokens.FETCH_TIMEOUT, timeout);
          assertEquals(3L, tenant, "the token is fetched under the webhook's tenant's rules");
          CompletableFuture<HttpOutcome> f = new CompletableFuture<>();
          requests.add(request);
          sent.add(f);
          return f;
        };
    return t;
  }

  private CompletableFuture<String> ask(OAuthTokens t) {
    return t.token(3L, 1L, "https://idp.example/token", "c", "s", List.of(), "client_secret_basic");
  }

  /**
   * client_secret_basic (the default) sends the form-encoded id and secret in a Basic header and
   * not in the body; client_secret_post sends them in the body only. A refusal names the method.
   */
  @Test
  void bothClientAuthenticationMethods() throws Exception {
    OAuthTokens t = tokens();
    t.token(
        3L, 1L, "https://idp.example/token", "id:1", "s&2", List.of("a"), "client_secret_basic");
    dev.webhooks.spi.OutgoingRequest basic = requests.get(0);
    String expected =
        java.util.Base64.getEncoder()
            .encodeToString("id%3A1:s%262".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("Basic " + expected, basic.headers().get("Authorization"));
    assertEquals(
        "grant_type=client_credentials&scope=a",
        new String(basic.body(), java.nio.charset.StandardCharsets.UTF_8));

    CompletableFuture<String> post =
        t.token(3L, 2L, "https://idp.example/token", "id", "sec", List.of(), "client_secret_post");
    dev.webhooks.spi.OutgoingRequest form = requests.get(1);
    assertNull(form.headers().get("Authorization"));
    assertEquals(
        "grant_type=client_credentials&client_id=id&client_secret=sec",
        new String(form.body(), java.nio.charset.StandardCharsets.UTF_8));
    sent.get(1).complete(new HttpOutcome(Instant.now(), 5, 401, Map.of(), "", null));
    Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, post::join);
    assertTrue(
        refused.getMessage().contains("client_secret_post")
            && refused.getMessage().contains("clientAuthMethod to client_secret_basic"),
        refused.getMessage());
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
