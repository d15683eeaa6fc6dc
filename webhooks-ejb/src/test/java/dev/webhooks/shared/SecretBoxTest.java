package dev.webhooks.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
  @Test
  void sealsAndOpens() {
    SecretBox box = new SecretBox(SecretBox.newKey());
    String sealed = box.seal("whsec_abc");
    assertFalse(sealed.contains("whsec_abc"));
    assertEquals("whsec_abc", box.open(sealed));
    assertNotEquals(sealed, box.seal("whsec_abc"), "a fresh nonce each time");
  }

  @Test
  void wrongKeyCannotOpen() {
    String sealed = new SecretBox(SecretBox.newKey()).seal("x");
    assertThrows(IllegalStateException.class, () -> new SecretBox(SecretBox.newKey()).open(sealed));
  }
}
