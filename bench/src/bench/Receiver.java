package bench;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * we finished.
 */
final class Receiver implements AutoCloseable {
  static {
    // Without TCP_NODELAY small 204 replies can wait on Nagle/delayed-ACK and add ~40 ms to every
    // latency.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

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

  private static final String HUGE_HEADER_VALUE = "h".repeat(HUGE_HEADER_CHARS);

  /** Every {@code /huge} body is written from this one array, never copied. */
  private static final byte[] HUGE_CHUNK = filled(64 * 1024, (byte) 'h');

  private final Recorder recorder;
  private final long hangMillis;
  private final HttpServer server;
  private final ExecutorService pool;

  Receiver(Recorder recorder, int port, int hangSeconds) throws IOException {
    this.recorder = recorder;
    this.hangMillis = hangSeconds * 1000L;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    AtomicInteger n = new AtomicInteger();
    // Unbounded on purpose: hanging handlers must never starve healthy ones (the server's
    // concurrency bounds it).
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "receiver-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Absolute URL of a receiver path, as endpoints are registered with. */
  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
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

  private void handle(HttpExchange ex) throws IOException {
    long arrived = System.nanoTime();
    try (ex) {
      drain(ex.getRequestBody());
      String id = ex.getRequestHeaders().getFirst("webhook-id");
      if (id == null) {
        id = NO_ID;
      }
      String[] p = ex.getRequestURI().getPath().split("/");
      // p[0] is the empty string before the leading slash.
      if (p.length == 4 && p[1].equals("e")) {
        recorder.group(p[2]).record(p[3], id, arrived);
        ex.sendResponseHeaders(204, -1);
      } else if (p.length == 4 && p[1].equals("hang")) {
        recorder.group(p[2]).record(p[3], id, arrived);
        hang();
        ex.sendResponseHeaders(204, -1);
      } else if (p.length == 4 && p[1].equals("huge")) {
        recorder.group(p[2]).record(p[3], id, arrived);
        huge(ex);
      } else if (p.length == 6 && p[1].equals("fault")) {
        int hit = recorder.group(p[4]).record(p[5], id, arrived);
        int failFirst = Integer.parseInt(p[3]);
        misbehave(ex, hit <= failFirst ? p[2] : "ok");
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    } catch (IOException e) {
      // The caller gave up (its timeout fired while we hung, or it refused a huge reply halfway):
      // expected, nothing to answer.
    }
  }

  private void misbehave(HttpExchange ex, String kind) throws IOException {
    switch (kind) {
      case "500" -> ex.sendResponseHeaders(500, -1);
      case "410" -> ex.sendResponseHeaders(410, -1);
      case "429" -> {
        ex.getResponseHeaders().set("Retry-After", "1");
        ex.sendResponseHeaders(429, -1);
      }
      case "hang" -> {
        hang();
        ex.sendResponseHeaders(204, -1);
      }
      default -> ex.sendResponseHeaders(204, -1);
    }
  }

  /**
   * The huge reply, with a fixed Content-Length. The server stops reading at its caps and closes
   * the connection, so the write usually fails partway; {@link #handle} ignores that.
   */
  private static void huge(HttpExchange ex) throws IOException {
    Headers headers = ex.getResponseHeaders();
    for (int i = 0; i < HUGE_HEADERS; i++) {
      headers.set("X-Huge-" + i, HUGE_HEADER_VALUE);
    }
    ex.sendResponseHeaders(200, HUGE_BODY_BYTES);
    OutputStream body = ex.getResponseBody();
    for (int left = HUGE_BODY_BYTES; left > 0; left -= HUGE_CHUNK.length) {
      body.write(HUGE_CHUNK, 0, Math.min(left, HUGE_CHUNK.length));
    }
    body.close();
  }

  private static byte[] filled(int length, byte value) {
    byte[] b = new byte[length];
    Arrays.fill(b, value);
    return b;
  }

  private void hang() {
    try {
      Thread.sleep(hangMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) >= 0) {
      // discard: only arrival and webhook-id matter
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
