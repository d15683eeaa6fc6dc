package dev.webhooks.styles.intuned;

import java.security.SecureRandom;

/** The id format of Intuned Runs and Job runs. */
public final class RunIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NANOID_ALPHABET =
      "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private RunIds() {}

  /** A 21-character id from nanoid's URL-safe alphabet. */
  public static String nanoid() {
    StringBuilder b = new StringBuilder(21);
    for (int i = 0; i < 21; i++) {
      b.append(NANOID_ALPHABET.charAt(RANDOM.nextInt(64)));
    }
    return b.toString();
  }
}
