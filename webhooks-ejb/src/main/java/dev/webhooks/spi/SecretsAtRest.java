package dev.webhooks.spi;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One table of secrets sealed with the server's key, resealed batch by batch when the operator
 * rotates the key. The engine has one for its endpoints; a style that stores secrets of its own
 * provides one per table. Each call runs in a transaction the caller owns (one per batch).
 */
public interface SecretsAtRest {
  /**
   * Reseals up to {@code max} rows with ids after {@code after}, in id order, with {@code reseal}
   * (which opens a sealed value with any known key and seals it with the current one). Returns the
   * ids of the rows resealed, in order: empty when no row is left.
   */
  List<Long> resealAfter(long after, int max, UnaryOperator<String> reseal);
}
