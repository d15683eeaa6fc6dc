package dev.webhooks.spi;

import java.util.List;

/**
 * An event as submitted, checked and ready to store. {@code data} and {@code source} are JSON text.
 * A style may fix the public id's format ({@code publicId}), direct the event at given
 * subscriptions only ({@code directedTo}, endpoint ids; such events skip routing) and cap attempts
 * ({@code attemptLimit}, 1 for tests). {@code orderingKey} names the sequence the event joins at
 * subscriptions that keep order (FIFO); null joins each one's default sequence.
 */
public record IncomingEvent(
    String type,
    String data,
    String source,
    String idempotencyKey,
    String publicId,
    List<Long> directedTo,
    Integer attemptLimit,
    String orderingKey) {

  /** The longest ordering key. */
  public static final int MAX_ORDERING_KEY = 256;

  public IncomingEvent(
      String type,
      String data,
      String source,
      String idempotencyKey,
      String publicId,
      List<Long> directedTo,
      Integer attemptLimit) {
    this(type, data, source, idempotencyKey, publicId, directedTo, attemptLimit, null);
  }

  public static IncomingEvent routed(
      String type, String data, String source, String idempotencyKey) {
    return new IncomingEvent(type, data, source, idempotencyKey, null, List.of(), null);
  }

  public IncomingEvent withPublicId(String id) {
    return new IncomingEvent(
        type, data, source, idempotencyKey, id, directedTo, attemptLimit, orderingKey);
  }

  public IncomingEvent withOrderingKey(String key) {
    return new IncomingEvent(
        type, data, source, idempotencyKey, publicId, directedTo, attemptLimit, key);
  }

  public boolean isDirected() {
    return directedTo != null && !directedTo.isEmpty();
  }
}
