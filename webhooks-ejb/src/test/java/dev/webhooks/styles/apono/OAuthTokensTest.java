package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
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
}
