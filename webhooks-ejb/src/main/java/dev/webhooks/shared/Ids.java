package dev.webhooks.shared;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Public identifiers. */
public final class Ids {
  private Ids() {}

  /**
   * A version 7 UUID (RFC 9562): milliseconds since the epoch, then random bits. Ids created close
   * in time sit close together in the unique index, so inserting a fan-out of thousands touches a
   * few index pages instead of one random page each. They identify, they do not authorise: every
   * lookup is also scoped by tenant.
   */
  public static String timeOrderedUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
