package bench;

import dev.webhooks.tools.Receiver.Received;
import dev.webhooks.tools.Receiver.Reply;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook receiver every scenario delivers to, on 127.0.0.1 only. Paths choose the behaviour so
 * one receiver serves all scenarios:
 *
 * <ul>
 *   <li>{@code /e/<group>/<endpoint>} records the arrival and answers 204;
 *   <li>{@code /hang/<group>/<endpoint>} records, then sleeps past any sane endpoint timeout before
 *       answering;
 *   <li>{@code /huge/<group>/<endpoint>} records, then answers 200 with {@link #HUGE_HEADERS}
 *       headers of {@link #HUGE_HEADER_CHARS} characters and a {@link #HUGE_BODY_BYTES}-byte body,
 *       far past the server's response caps (P3's hostile tenant);
 *   <li>{@code /fault/<kind>/<failFirst>/<group>/<endpoint>} records and, for the first {@code
 *       failFirst} arrivals of a webhook-id, misbehaves as {@code kind} says (500, 429, 410 or
 *       hang), then answers 204.
 * </ul>
 *
 * <p>Arrival time is taken before the body is read, so it is when the delivery reached us, not when
 * we finished. The HTTP side is the shared {@link dev.webhooks.tools.Receiver} (TCP_NODELAY, an
 * unbounded pool so hanging replies never starve healthy ones), not recording requests: this class
 * is its handler for every path, recording into the {@link Recorder}.
 */
final class Receiver implements AutoCloseable {
  /**
   * Webhook-id recorded when a request carries none, so such requests are still counted and
   * visible.
   */
  static final String NO_ID = "(no-webhook-id)";

  /** Headers of a {@code /huge} reply: over the server's cap of 50 response header lines. */
  static final int HUGE_HEADERS = 60;

  /**
   * Characters of each such header's value: every line stays under the server's cap of 4096 bytes,
   * all of them together are far over its 16 KiB.
   */
  static final int HUGE_HEADER_CHARS = 4000;

  /** Body of a {@code /huge} reply: the server keeps 64 KiB of a response body. */
  static final int HUGE_BODY_BYTES = 4 * 1024 * 1024;

  /**
   * The {@code /huge} reply, built once: every one is written from the same header map and body
   * array, never copied. The server stops reading at its caps and closes the connection, so the
   * write usually fails partway; the shared receiver ignores that.
   */
  private static final Reply HUGE = hugeReply();

  private final Recorder recorder;
  private final Duration hang;
  private final dev.webhooks.tools.Receiver http;

  Receiver(Recorder recorder, int port, int hangSeconds) {
    this.recorder = recorder;
    this.hang = Duration.ofSeconds(hangSeconds);
    this.http =
        new dev.webhooks.tools.Receiver("127.0.0.1", port).recording(false).otherwise(this::answer);
  }

  int port() {
    return http.port();
  }

  /** Absolute URL of a receiver path, as endpoints are registered with. */
  String url(String path) {
    return http.url(path);
  }

  static String healthyPath(String group, int endpoint) {
    return "/e/" + group + "/" + endpoint;
  }

  static String hangPath(String group, int endpoint) {
    return "/hang/" + group + "/" + endpoint;
  }

  static String hugePath(String group, int endpoint) {
    return "/huge/" + group + "/" + endpoint;
  }

  static String faultPath(String kind, int failFirst, String group, int endpoint) {
    return "/fault/" + kind + "/" + failFirst + "/" + group + "/" + endpoint;
  }

  private Reply answer(Received r) {
    String id = r.header("webhook-id");
    if (id == null) {
      id = NO_ID;
    }
    String[] p = r.path().split("/");
    // p[0] is the empty string before the leading slash.
    if (p.length == 4 && p[1].equals("e")) {
      recorder.group(p[2]).record(p[3], id, r.nanos());
      return Reply.status(204);
    } else if (p.length == 4 && p[1].equals("hang")) {
      recorder.group(p[2]).record(p[3], id, r.nanos());
      return Reply.status(204).after(hang);
    } else if (p.length == 4 && p[1].equals("huge")) {
      recorder.group(p[2]).record(p[3], id, r.nanos());
      return HUGE;
    } else if (p.length == 6 && p[1].equals("fault")) {
      int hit = recorder.group(p[4]).record(p[5], id, r.nanos());
      int failFirst = Integer.parseInt(p[3]);
      return hit <= failFirst ? misbehave(p[2]) : Reply.status(204);
    } else {
      return Reply.status(404);
    }
  }

  private Reply misbehave(String kind) {
    return switch (kind) {
      case "500" -> Reply.status(500);
      case "410" -> Reply.status(410);
      case "429" -> Reply.status(429).withHeader("Retry-After", "1");
      case "hang" -> Reply.status(204).after(hang);
      default -> Reply.status(204);
    };
  }

  private static Reply hugeReply() {
    String value = "h".repeat(HUGE_HEADER_CHARS);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < HUGE_HEADERS; i++) {
      headers.put("X-Huge-" + i, value);
    }
    byte[] body = new byte[HUGE_BODY_BYTES];
    Arrays.fill(body, (byte) 'h');
    return Reply.status(200).withHeaders(headers).withBody(body);
  }

  @Override
  public void close() {
    http.close();
  }
}
