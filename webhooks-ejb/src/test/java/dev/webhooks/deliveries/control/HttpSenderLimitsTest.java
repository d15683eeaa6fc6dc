package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.shared.ResponseLimits;
import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver's answer is hostile input: the client refuses a response head over the header limits
 * (before it can fill the heap), and keeps headers and body up to their caps with a marker.
 */
class HttpSenderLimitsTest {
  private static final ResponseLimits LIMITS = new ResponseLimits(50, 4096, 1024, 2048);

  private final HttpSender sender = new HttpSender(new DestinationRules(true, ""), 10, 10, LIMITS);
  private ServerSocket server;
  private Thread acceptor;

  @AfterEach
  void stop() throws Exception {
    sender.close();
    if (server != null) {
      server.close();
      acceptor.join(5000);
    }
  }

  /** A receiver on loopback that reads the request head and writes whatever {@code answer} does. */
  private String receiver(Consumer<OutputStream> answer) throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  readHead(s.getInputStream());
                  OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                  answer.accept(out);
                  out.flush();
                } catch (IOException | RuntimeException e) {
                  // the client closed the connection on a refused head, or the test ended
                }
              }
            },
            "hostile-receiver");
    acceptor.setDaemon(true);
    acceptor.start();
    return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
  }

  /**
   * Reads the request head and its body (closing a socket with unread input resets it, which would
   * cut the answer short).
   */
  private static void readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int state = 0;
    int b;
    while (state < 4 && (b = in.read()) >= 0) {
      head.append((char) b);
      state = (b == '\r' || b == '\n') ? state + 1 : 0;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
    if (m.find()) {
      in.readNBytes(Integer.parseInt(m.group(1)));
    }
  }

  private static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpOutcome send(String url) throws Exception {
    return sender
        .send(
            new OutgoingRequest(url, "{}".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(10))
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void aHundredThousandHeaderLinesFailTheAttemptAtTheCountLimit() throws Exception {
    String url =
        receiver(
            out -> {
              write(out, "HTTP/1.1 200 OK\r\n");
              for (int i = 0; i < 100_000; i++) {
                write(out, "X-Flood-" + i + ": " + i + "\r\n");
              }
              write(out, "Content-Length: 0\r\n\r\n");
            });
    HttpOutcome o = send(url);
    assertNull(o.status(), "no response is taken from a head over the limit");
    assertEquals(FailureKind.LIMIT, o.failure());
    assertTrue(o.error().contains("WEBHOOKS_RESPONSE_MAX_HEADERS"), o.error());
  }

  @Test
  void aFiveMegabyteHeaderLineFailsTheAttemptAtTheLineLimit() throws Exception {
    String url =
        receiver(
            out -> {
              write(out, "HTTP/1.1 200 OK\r\nX-Huge: ");
              byte[] chunk = new byte[64 * 1024];
              java.util.Arrays.fill(chunk, (byte) 'a');
              for (int i = 0; i < 80; i++) {
                try {
                  out.write(chunk);
                } catch (IOException e) {
                  return; // the client gave up on the line: what it should do
                }
              }
              write(out, "\r\nContent-Length: 0\r\n\r\n");
            });
    HttpOutcome o = send(url);
    assertNull(o.status());
    assertEquals(FailureKind.LIMIT, o.failure());
    assertTrue(o.error().contains("WEBHOOKS_RESPONSE_MAX_HEADER_LINE"), o.error());
  }

  @Test
  void headersAreKeptUpToTheirBudgetAndRepeatedNamesJoinedCaseInsensitively() throws Exception {
    String url =
        receiver(
            out -> {
              write(out, "HTTP/1.1 200 OK\r\n");
              write(out, "Retry-After: 1\r\nX-Seen: a\r\nx-seen: b\r\n");
              for (int i = 0; i < 40; i++) {
                write(out, "X-Padding-" + i + ": " + "p".repeat(60) + "\r\n");
              }
              write(out, "Content-Length: 0\r\n\r\n");
            });
    HttpOutcome o = send(url);
    assertEquals(200, o.status());
    assertEquals("a, b", o.headers().get("X-Seen"), "one entry, first spelling, both values");
    assertEquals("1", o.header("retry-after").orElseThrow(), "headers before the cut are kept");
    String marker = o.headers().get(HttpSender.Captured.TRUNCATED_HEADERS);
    assertTrue(
        marker != null && marker.contains("WEBHOOKS_RESPONSE_MAX_HEADER_BYTES"),
        "a marker says what was left out: " + o.headers().keySet());
    int kept =
        o.headers().entrySet().stream()
            .filter(e -> !e.getKey().equals(HttpSender.Captured.TRUNCATED_HEADERS))
            .mapToInt(e -> e.getKey().length() + e.getValue().length())
            .sum();
    assertTrue(kept <= LIMITS.maxHeaderBytes(), "kept " + kept + " bytes of headers");
  }

  @Test
  void aLongBodyIsKeptUpToItsCapWithAMarker() throws Exception {
    String body = "b".repeat(1_000_000);
    String url =
        receiver(
            out ->
                write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
    HttpOutcome o = send(url);
    assertEquals(200, o.status());
    String expected =
        "b".repeat(LIMITS.maxBodyBytes())
            + String.format(HttpSender.Captured.TRUNCATED_BODY, LIMITS.maxBodyBytes());
    assertEquals(expected, o.body());
  }

  /**
   * A receiver that streams a body without end: the exchange ends at the cap, with the status and
   * what was kept, long before the request's timeout.
   */
  @Test
  void anEndlessBodyEndsTheExchangeAtTheCap() throws Exception {
    String url =
        receiver(
            out -> {
              write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
              String chunk = Integer.toHexString(8192) + "\r\n" + "e".repeat(8192) + "\r\n";
              while (true) {
                write(out, chunk); // until the client closes the connection
              }
            });
    HttpOutcome o = send(url); // read to the end, it would fail at the timeout without a status
    assertEquals(200, o.status(), String.valueOf(o.error()));
    assertEquals(
        "e".repeat(LIMITS.maxBodyBytes())
            + String.format(HttpSender.Captured.TRUNCATED_BODY, LIMITS.maxBodyBytes()),
        o.body());
  }

  @Test
  void aBodyWithinTheCapHasNoMarker() throws Exception {
    String url = receiver(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    HttpOutcome o = send(url);
    assertEquals("hello", o.body());
  }
}
