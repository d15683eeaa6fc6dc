package dev.webhooks.spi;

import java.util.List;

/**
 * An event as submitted, checked and ready to store. {@code data} and {@code source} are JSON text.
 * A style may fix the public id's format ({@code publicId}), direct the event at given
 * subscriptions only ({@code directedTo}, endpoint ids; such events skip routing) and cap attempts
 * ({@code attemptLimit}, 1 for tests).
 */
public record IncomingEvent(
    String type,
    String data,
    String source,
    String idempotencyKey,
    String publicId,
    List<Long> directedTo,
    Integer attemptLimit) {

  public static IncomingEvent routed(
      String type, String data, String source, String idempotencyKey) {
    return new IncomingEvent(type, data, source, idempotencyKey, null, List.of(), null);
  }

  public IncomingEvent withPublicId(String id) {
    return new IncomingEvent(type, data, source, idempotencyKey, id, directedTo, attemptLimit);
  }

  public boolean isDirected() {
    return directedTo != null && !directedTo.isEmpty();
  }
}
