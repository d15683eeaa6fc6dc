package bench;

/**
 * The fixed ~1 KiB event bodies. Written by hand (no JSON library): the only variable parts are the
 * type and a sequence number, so the size stays constant and the cost of building a body is
 * negligible next to sending it.
 */
final class Payloads {
  private Payloads() {}

  static final int TARGET_BYTES = 1024;

  /**
   * The server answers 413 to request bodies over 1 MiB: about 1000 of these events, so batches
   * stay below.
   */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Events per batch request that keep a batch well under {@link #MAX_BODY_BYTES}. */
  static final int SAFE_BATCH = 500;

  private static final String PAD = pad(TARGET_BYTES - event("bench.event", 0, "").length());

  /** One event, about 1 KiB: {"type":..., "data":{"seq":n, "pad":"..."}}. */
  static String event(String type, long seq) {
    return event(type, seq, PAD);
  }

  /**
   * A JSON array of {@code count} events with consecutive sequence numbers, for POST
   * /api/events/batch.
   */
  static String batch(String type, long firstSeq, int count) {
    return batch(type, firstSeq, count, 0);
  }

  /** As above, with ordering keys as {@link #event(String, long, int)} gives them. */
  static String batch(String type, long firstSeq, int count, int orderingKeys) {
    StringBuilder b = new StringBuilder(count * (TARGET_BYTES + 1) + 2).append('[');
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : ",").append(event(type, firstSeq + i, orderingKeys));
    }
    if (b.length() >= MAX_BODY_BYTES) {
      // Fail here with the reason rather than count a stream of 413s as a slow server.
      throw new IllegalStateException(
          "a batch of " + count + " events is " + b.length() + " bytes, over the 1 MiB body limit");
    }
    return b.append(']').toString();
  }

  /**
   * One event with the ordering key {@code "k" + seq % orderingKeys} (none when {@code
   * orderingKeys} is 0), the same size as the others.
   */
  static String event(String type, long seq, int orderingKeys) {
    if (orderingKeys <= 0) {
      return event(type, seq);
    }
    String key = "k" + (seq % orderingKeys);
    String e = event(type, seq, PAD.substring(0, PAD.length() - key.length() - 17));
    return e.substring(0, e.length() - 1) + ",\"orderingKey\":" + Json.quote(key) + "}";
  }

  private static String event(String type, long seq, String pad) {
    return "{\"type\":"
        + Json.quote(type)
        + ",\"data\":{\"seq\":"
        + seq
        + ",\"pad\":\""
        + pad
        + "\"}}";
  }

  private static String pad(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(i % alphabet.length()));
    }
    return b.toString();
  }
}
