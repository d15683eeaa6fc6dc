package dev.webhooks.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers as each path is told to
 * (204 by default). Scripts per path: a list of replies used in turn, the last one repeating.
 */
public final class Receiver implements AutoCloseable {
  /** One received request. */
  public record Received(
      String method, String path, Map<String, List<String>> headers, byte[] body, Instant at) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How to answer: status, headers, body, and an optional delay before answering. */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    public static Reply status(int status) {
      return new Reply(status, Map.of(), "", Duration.ZERO);
    }

    public static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, delay);
    }

    public Reply after(Duration d) {
      return new Reply(status, headers, body, d);
    }
  }

  private final HttpServer server;
  private final String host;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, ConcurrentLinkedQueue<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Reply> lastReply = new ConcurrentHashMap<>();
  private final Map<String, Function<Received, Reply>> handlers = new ConcurrentHashMap<>();

  public Receiver() {
    this(0);
  }

  /** A receiver on this port of 127.0.0.1 (0: any free one). */
  public Receiver(int port) {
    this("127.0.0.1", port);
  }

  /** A receiver on this loopback address (127.0.0.0/8) and port (0: any free one). */
  public Receiver(String loopbackAddress, int port) {
    host = loopbackAddress;
    try {
      server = HttpServer.create(new InetSocketAddress(loopbackAddress, port), 100);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + loopbackAddress + ":" + port, e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public String url(String path) {
    return "http://" + host + ":" + server.getAddress().getPort() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers requests to {@code path} with these replies in turn; the last repeats. */
  public Receiver script(String path, Reply... replies) {
    ConcurrentLinkedQueue<Reply> q = new ConcurrentLinkedQueue<>(List.of(replies));
    scripts.put(path, q);
    return this;
  }

  public Receiver handler(String path, Function<Received, Reply> handler) {
    handlers.put(path, handler);
    return this;
  }

  public List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  public List<Received> all() {
    return List.copyOf(received);
  }

  /** Waits until {@code path} has received at least {@code n} requests. */
  public List<Received> await(String path, int n, Duration timeout) {
    Await.until(() -> at(path).size() >= n, timeout, "receiving " + n + " requests at " + path);
    return at(path);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    Received r =
        new Received(
            ex.getRequestMethod(),
            ex.getRequestURI().getPath(),
            Map.copyOf(ex.getRequestHeaders()),
            body,
            Instant.now());
    received.add(r);
    Reply reply = replyFor(r);
    try {
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    try {
      ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    } catch (IOException e) {
      // the client gave up (timeout): nothing to answer
    } finally {
      ex.close();
    }
  }

  private Reply replyFor(Received r) {
    Function<Received, Reply> h = handlers.get(r.path());
    if (h != null) {
      return h.apply(r);
    }
    ConcurrentLinkedQueue<Reply> q = scripts.get(r.path());
    if (q == null) {
      return Reply.status(204);
    }
    synchronized (q) {
      Reply next = q.size() > 1 ? q.poll() : q.peek();
      if (next == null) {
        next = lastReply.getOrDefault(r.path(), Reply.status(204));
      }
      lastReply.put(r.path(), next);
      return next;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
