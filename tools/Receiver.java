package dev.webhooks.tools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one webhook receiver: the tiny program for trying the platform out, the integration tests'
 * receiver and the benchmark's. It listens on a loopback address only, records every request and
 * answers each one as its path is told to (204 by default).
 *
 * <p>As a program: {@code java tools/Receiver.java 9999 [whsec_...]} listens on 127.0.0.1, prints
 * every request and, when given the endpoint's secret, checks its Standard Webhooks signature
 * ({@code signature valid: true|false}); it answers 204. It stays a single file on the JDK alone,
 * with no compile step: nothing outside the JDK may be used here.
 *
 * <p>As a class: the bench module and webhooks-ear's tests compile this file as an extra source
 * root. A request is answered by the handler of its path, else by the script of its path (replies
 * used in turn, the last one repeating), else by the handler for every other path. What a
 * particular receiver does (hang, answer huge or hostile heads, fail the first attempts) is such a
 * handler or {@link Reply} in its user's code, not here.
 */
public final class Receiver implements AutoCloseable {
  static {
    // Without TCP_NODELAY small 204 replies can wait on Nagle/delayed-ACK and add ~40 ms to every
    // latency. Read once, when the JDK's server first starts in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /**
   * One received request.
   *
   * @param uri the request URI as sent (path and query)
   * @param headers the request's headers, read-only (not copied: a benchmark's receiver sees many)
   * @param at when it arrived, taken before its body was read
   * @param nanos {@link System#nanoTime()} at that moment, for latencies measured in this JVM
   */
  public record Received(
      String method,
      URI uri,
      Map<String, List<String>> headers,
      byte[] body,
      Instant at,
      long nanos) {
    public String path() {
      return uri.getPath();
    }

    /** The first value of a header, its name in any case; null if absent. */
    public String header(String name) {
      // The JDK's Headers (which a received request's map wraps) look names up in any case.
      List<String> direct = headers.get(name);
      if (direct != null && !direct.isEmpty()) {
        return direct.get(0);
      }
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * How to answer: status, headers, body, and a delay before answering. Headers and body are used
   * as given, never copied, so a large reply can be built once and sent many times. A delay longer
   * than the receiver lives holds the request open until {@link #close()}.
   */
  public record Reply(int status, Map<String, String> headers, byte[] body, Duration delay) {
    private static final byte[] EMPTY = new byte[0];

    public static Reply status(int status) {
      return new Reply(status, Map.of(), EMPTY, Duration.ZERO);
    }

    public static Reply json(int status, String body) {
      return status(status)
          .withHeader("Content-Type", "application/json")
          .withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    public Reply withHeader(String name, String value) {
      return withHeaders(Map.of(name, value));
    }

    public Reply withHeaders(Map<String, String> more) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.putAll(more);
      return new Reply(status, h, body, delay);
    }

    public Reply withBody(byte[] body) {
      return new Reply(status, headers, body, delay);
    }

    public Reply after(Duration delay) {
      return new Reply(status, headers, body, delay);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final String authority;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Object arrivals = new Object();
  private final Map<String, Function<Received, Reply>> handlers = new ConcurrentHashMap<>();
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private volatile Function<Received, Reply> otherwise = r -> Reply.status(204);
  private volatile boolean recording = true;

  /** Replies used in turn, the last one repeating. */
  private record Script(List<Reply> replies, AtomicInteger next) {
    Reply take() {
      return replies.get(Math.min(next.getAndIncrement(), replies.size() - 1));
    }
  }

  /** A receiver on 127.0.0.1, on any free port. */
  public Receiver() {
    this(0);
  }

  /** A receiver on this port of 127.0.0.1 (0: any free one). */
  public Receiver(int port) {
    this("127.0.0.1", port);
  }

  /**
   * A receiver on this loopback address (127.0.0.0/8 or ::1) and port (0: any free one).
   *
   * @throws IllegalArgumentException if the address is not a loopback one
   * @throws IllegalStateException if it cannot listen there
   */
  public Receiver(String loopbackAddress, int port) {
    InetSocketAddress bound;
    try {
      InetAddress address = InetAddress.getByName(loopbackAddress);
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("not a loopback address: " + loopbackAddress);
      }
      server = HttpServer.create(new InetSocketAddress(address, port), 1024);
      bound = server.getAddress();
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + loopbackAddress + ":" + port, e);
    }
    String host = bound.getAddress().getHostAddress();
    authority =
        (bound.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
            + ":"
            + bound.getPort();
    AtomicInteger n = new AtomicInteger();
    // Unbounded on purpose: a reply with a long delay holds its thread, and with a bounded pool
    // the requests behind it would not even be recorded (the benchmark's /hang must not starve its
    // healthy paths; HostileTenantIT counts 100 requests held at once). The sender's concurrency
    // bounds it. Daemon threads: a test or benchmark that forgets close() still ends.
    threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "receiver-" + bound.getPort() + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Absolute URL of a path on this receiver, as endpoints are registered with. */
  public String url(String path) {
    return "http://" + authority + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers requests to {@code path} with these replies in turn; the last repeats. */
  public Receiver script(String path, Reply... replies) {
    if (replies.length == 0) {
      throw new IllegalArgumentException("a script needs at least one reply");
    }
    scripts.put(path, new Script(List.of(replies), new AtomicInteger()));
    return this;
  }

  /** Answers requests to {@code path} with what {@code handler} returns (before any script). */
  public Receiver handler(String path, Function<Received, Reply> handler) {
    handlers.put(path, handler);
    return this;
  }

  /** Answers requests to every path without a handler or script of its own (default: 204). */
  public Receiver otherwise(Function<Received, Reply> handler) {
    otherwise = handler;
    return this;
  }

  /**
   * Whether requests are kept for {@link #at}, {@link #all} and {@link #await} (default: true). A
   * benchmark's millions of requests, or a receiver that runs for days, are better not kept: their
   * handlers see each request all the same.
   */
  public Receiver recording(boolean keep) {
    recording = keep;
    return this;
  }

  public List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  public List<Received> all() {
    return List.copyOf(received);
  }

  /**
   * Waits until {@code path} has received at least {@code n} requests, and returns them.
   *
   * @throws AssertionError if they have not arrived within {@code timeout}
   */
  public List<Received> await(String path, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (true) {
        List<Received> got = at(path);
        long left = deadline - System.nanoTime();
        if (got.size() >= n) {
          return got;
        }
        if (left <= 0) {
          throw new AssertionError(
              "timed out after "
                  + timeout
                  + " waiting for "
                  + n
                  + " requests at "
                  + path
                  + "; got "
                  + got.size());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(arrivals, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for requests at " + path, e);
        }
      }
    }
  }

  /** Bytes of a reply's body written at once. */
  private static final int WRITE_SLICE = 64 * 1024;

  private void handle(HttpExchange ex) {
    long nanos = System.nanoTime();
    Instant at = Instant.now();
    try (ex) {
      Received r =
          new Received(
              ex.getRequestMethod(),
              ex.getRequestURI(),
              Collections.unmodifiableMap(ex.getRequestHeaders()),
              ex.getRequestBody().readAllBytes(),
              at,
              nanos);
      if (recording) {
        received.add(r);
        synchronized (arrivals) {
          arrivals.notifyAll();
        }
      }
      Reply reply = replyTo(r);
      if (reply.delay().compareTo(Duration.ZERO) > 0) {
        Thread.sleep(reply.delay().toMillis());
      }
      reply.headers().forEach(ex.getResponseHeaders()::add);
      byte[] body = reply.body();
      ex.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          // In slices: the JDK's server copies each write into a buffer of that size, so one write
          // of a 4 MiB body held a 4 MiB copy per reply still being written (the benchmark's huge
          // replies ran its 2 GiB heap out in P3).
          for (int off = 0; off < body.length; off += WRITE_SLICE) {
            out.write(body, off, Math.min(WRITE_SLICE, body.length - off));
          }
        }
      }
    } catch (IOException e) {
      // The sender gave up (its timeout fired during a delay, or it refused a huge reply halfway):
      // expected, nothing to answer.
    } catch (InterruptedException e) {
      // close() during a delay: the request stays unanswered.
      Thread.currentThread().interrupt();
    }
  }

  private Reply replyTo(Received r) {
    try {
      Function<Received, Reply> handler = handlers.get(r.path());
      if (handler != null) {
        return handler.apply(r);
      }
      Script script = scripts.get(r.path());
      return script != null ? script.take() : otherwise.apply(r);
    } catch (RuntimeException e) {
      e.printStackTrace();
      return Reply.status(500).withBody(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code java tools/Receiver.java [port, default 9999] [the endpoint's whsec_ secret]}. */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
    String secret = args.length > 1 ? args[1] : null;
    Receiver receiver =
        new Receiver("127.0.0.1", port)
            .recording(false)
            .otherwise(
                r -> {
                  print(r, secret);
                  return Reply.status(204);
                });
    System.out.println("listening on " + receiver.url("/"));
  }

  /** One request as one block of lines, so that concurrent requests never interleave. */
  private static void print(Received r, String secret) {
    StringBuilder b = new StringBuilder();
    b.append("--- ").append(r.method()).append(' ').append(r.uri()).append('\n');
    r.headers()
        .forEach((k, v) -> b.append(k).append(": ").append(String.join(", ", v)).append('\n'));
    b.append(r.bodyText()).append('\n');
    String id = r.header("webhook-id");
    String ts = r.header("webhook-timestamp");
    String sig = r.header("webhook-signature");
    if (secret != null && id != null && ts != null && sig != null) {
      b.append("signature valid: ").append(verify(secret, id, ts, r.body(), sig)).append('\n');
    }
    System.out.print(b);
  }

  static boolean verify(String secret, String id, String ts, byte[] body, String header) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
      mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
      String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
      for (String s : header.split(" ")) {
        if (s.equals(expected)) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
