package bench;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixed ~1 KiB event bodies: {@code {"type":...,"data":{"seq":n,"pad":"..."}}}, with {@code
 * "orderingKey"} after {@code "data"} when there is one. The only variable parts are the type, the
 * sequence number and the ordering key, so each (type, ordering key) gets a template, written once
 * with JSON-P: the text before the sequence number and the text after it. A body is then those two
 * strings and a number, so the size stays constant and the cost of building a body is negligible
 * next to sending it (the load generators build thousands a second).
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

  private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

  /** Stands for the sequence number while a template is written: a number no event has. */
  private static final String SEQ_MARK = "\"seq\":" + Long.MIN_VALUE;

  /**
   * The templates made so far, by type and ordering key (null for none): a run uses a few types and
   * at most a few hundred keys.
   */
  private static final Map<Key, Template> TEMPLATES = new ConcurrentHashMap<>();

  private static final String PAD =
      pad(TARGET_BYTES - write("bench.event", null, "").event(0).length());

  /** One event, about 1 KiB: {"type":..., "data":{"seq":n, "pad":"..."}}. */
  static String event(String type, long seq) {
    return template(type, null).event(seq);
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
      long seq = firstSeq + i;
      template(type, orderingKey(seq, orderingKeys)).appendTo(b.append(i == 0 ? "" : ","), seq);
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
    return template(type, orderingKey(seq, orderingKeys)).event(seq);
  }

  private static String orderingKey(long seq, int orderingKeys) {
    return orderingKeys <= 0 ? null : "k" + (seq % orderingKeys);
  }

  private record Key(String type, String orderingKey) {}

  /** An event's text before and after its sequence number. */
  private record Template(String head, String tail) {
    String event(long seq) {
      return head + seq + tail;
    }

    void appendTo(StringBuilder b, long seq) {
      b.append(head).append(seq).append(tail);
    }
  }

  private static Template template(String type, String orderingKey) {
    Key key = new Key(type, orderingKey);
    Template t = TEMPLATES.get(key);
    return t != null
        ? t
        : TEMPLATES.computeIfAbsent(key, k -> write(type, orderingKey, keyedPad(k)));
  }

  /**
   * The pad that keeps an event with this ordering key as long as one without: shorter by {@code
   * ,"orderingKey":"k..."}.
   */
  private static String keyedPad(Key key) {
    String k = key.orderingKey();
    return k == null ? PAD : PAD.substring(0, PAD.length() - k.length() - 17);
  }

  /** Writes one event with JSON-P, the sequence number marked, and cuts it around the mark. */
  private static Template write(String type, String orderingKey, String pad) {
    StringWriter w = new StringWriter(TARGET_BYTES + 64);
    try (JsonGenerator g = GENERATORS.createGenerator(w)) {
      g.writeStartObject()
          .write("type", type)
          .writeStartObject("data")
          .write("seq", Long.MIN_VALUE)
          .write("pad", pad)
          .writeEnd();
      if (orderingKey != null) {
        g.write("orderingKey", orderingKey);
      }
      g.writeEnd();
    }
    String s = w.toString();
    // The mark occurs once: outside strings, where a key is followed by ':', and a quote inside a
    // JSON string is always escaped.
    int at = s.indexOf(SEQ_MARK);
    int digits = at + SEQ_MARK.length() - Long.toString(Long.MIN_VALUE).length();
    return new Template(s.substring(0, digits), s.substring(at + SEQ_MARK.length()));
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
