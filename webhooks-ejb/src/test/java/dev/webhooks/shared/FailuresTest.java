package dev.webhooks.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void aStackOverflowSaysWhatItMeans() {
    assertEquals(
        "StackOverflowError: nested or recursive too deeply",
        Failures.describe(new StackOverflowError()));
  }

  @Test
  void wrappersAreSeenThrough() {
    assertEquals(
        "IllegalStateException: bad",
        Failures.describe(new CompletionException(new IllegalStateException("bad"))));
  }

  @Test
  void oneLineOfBoundedLength() {
    String d = Failures.describe(new RuntimeException("a\nb".repeat(1000)));
    assertTrue(d.length() <= Failures.MAX_LENGTH, "length " + d.length());
    assertTrue(!d.contains("\n"));
  }

  @Test
  void noMessageGivesTheKind() {
    assertEquals("NullPointerException", Failures.describe(new NullPointerException()));
  }
}
