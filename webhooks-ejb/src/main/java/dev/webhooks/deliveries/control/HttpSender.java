package dev.webhooks.deliveries.control;

import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.shared.ResponseLimits;
import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.HeaderRules;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends webhook requests with Apache HttpClient 5 (async, pooled, keep-alive). Redirects are not
 * followed, TLS certificates are verified, and every address is vetted by the destination rules
 * before a connection is made.
 *
 * <p>A receiver is the tenant's, so its answer is hostile input: the client refuses a response head
 * with more header lines or longer lines than {@link ResponseLimits} allow (HttpClient's own
 * defaults are unlimited: 100,000 header lines filled the heap), HTTP/2 is never negotiated (its
 * header lists have limits of their own), and what is kept of headers and body is cut at its cap
 * with a marker saying so.
 */
public final class HttpSender implements AutoCloseable {

  /**
   * Resends of a request no byte of which was sent (its pooled connection had been closed): under
   * load one resend was not enough, as the next pooled connection could be closed too.
   */
  static final int MAX_RESENDS = 3;

  private final CloseableHttpAsyncClient client;
  private final ResponseLimits limits;

  public HttpSender(DestinationRules rules, int maxConnections, int maxPerRoute) {
    this(rules, maxConnections, maxPerRoute, ResponseLimits.DEFAULT);
  }

  public HttpSender(
      DestinationRules rules, int maxConnections, int maxPerRoute, ResponseLimits limits) {
    this(
        rules,
        maxConnections,
        maxPerRoute,
        limits,
        Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * @param ioThreads the client's I/O threads (a client for a few tenants' reserved destinations
   *     needs fewer than the main one)
   */
  public HttpSender(
      DestinationRules rules,
      int maxConnections,
      int maxPerRoute,
      ResponseLimits limits,
      int ioThreads) {
    this.limits = limits;
    PoolingAsyncClientConnectionManager pool =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(new GuardedDnsResolver(rules))
            .setDefaultTlsConfig(
                TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxPerRoute)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.ofSeconds(10))
                    .setTimeToLive(Timeout.ofMinutes(5))
                    // Receivers close idle keep-alive connections when they like: check a
                    // connection that sat idle before reusing it.
                    .setValidateAfterInactivity(org.apache.hc.core5.util.TimeValue.ofSeconds(1))
                    .build())
            .build();
    client =
        HttpAsyncClients.custom()
            .setConnectionManager(pool)
            .setHttp1Config(
                Http1Config.custom()
                    .setMaxHeaderCount(limits.maxHeaders())
                    .setMaxLineLength(limits.maxHeaderLine())
                    .build())
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(ioThreads).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            // Receivers close idle keep-alive connections early (Node.js after 5 s): drop ours
            // first.
            .evictIdleConnections(Timeout.ofSeconds(4))
            .build();
    client.start();
  }

  /**
   * Sends one request; the future always completes normally with a response or an error outcome.
   */
  public CompletableFuture<HttpOutcome> send(OutgoingRequest request, Duration timeout) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    CompletableFuture<HttpOutcome> result = new CompletableFuture<>();
    AsyncRequestProducer first;
    try {
      first = producer(request);
    } catch (RuntimeException e) {
      result.complete(
          HttpOutcome.failure(
              started, 0, FailureKind.INVALID_REQUEST, "invalid request: " + e.getMessage()));
      return result;
    }
    AtomicReference<Future<Captured>> future = new AtomicReference<>();
    execute(request, first, timeout, started, t0, result, future, MAX_RESENDS);
    // The timeout is the whole exchange's deadline, connecting included (the response timeout
    // alone bounds only the silence between packets).
    result
        .orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
        .exceptionally(
            ex -> {
              Future<Captured> f = future.get();
              if (f != null) {
                f.cancel(true);
              }
              return null;
            });
    return result.exceptionally(
        ex ->
            HttpOutcome.failure(
                started,
                elapsedMs(t0),
                FailureKind.TIMEOUT,
                "timed out after " + timeout.toMillis() + " ms"));
  }

  private static AsyncRequestProducer producer(OutgoingRequest request) {
    AsyncRequestBuilder b =
        AsyncRequestBuilder.create(request.method())
            .setUri(request.url())
            .setEntity(AsyncEntityProducers.create(request.body(), contentType(request)));
    request
        .headers()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("content-type") && !HeaderRules.transport(k)) {
                b.addHeader(k, v);
              }
            });
    return b.build();
  }

  /**
   * One exchange. A request the client reports as not executed (a pooled connection the receiver
   * had closed while it sat idle; no byte of the request reached the receiver) is sent again at
   * once on another connection: it is not an attempt the receiver saw, and counting it as a failure
   * made about one delivery in ten wait for its first retry under load.
   */
  private void execute(
      OutgoingRequest request,
      AsyncRequestProducer producer,
      Duration timeout,
      Instant started,
      long t0,
      CompletableFuture<HttpOutcome> result,
      AtomicReference<Future<Captured>> future,
      int resendsLeft) {
    Timeout perRequest = Timeout.of(timeout);
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(perRequest)
            .setResponseTimeout(perRequest)
            .setRedirectsEnabled(false)
            .build());
    future.set(
        client.execute(
            producer,
            new CappedResponseConsumer(limits),
            null,
            context,
            new FutureCallback<>() {
              @Override
              public void completed(Captured c) {
                result.complete(
                    new HttpOutcome(started, elapsedMs(t0), c.status, c.headers, c.body(), null));
              }

              @Override
              public void failed(Exception ex) {
                Captured enough = BodyCapReached.captured(ex);
                if (enough != null) {
                  completed(enough);
                  return;
                }
                if (resendsLeft > 0 && notExecuted(ex) && !result.isDone()) {
                  execute(
                      request,
                      producer(request),
                      timeout,
                      started,
                      t0,
                      result,
                      future,
                      resendsLeft - 1);
                  return;
                }
                result.complete(
                    HttpOutcome.failure(started, elapsedMs(t0), kindOf(ex), describe(ex)));
              }

              @Override
              public void cancelled() {
                result.complete(
                    HttpOutcome.failure(
                        started,
                        elapsedMs(t0),
                        FailureKind.TIMEOUT,
                        "timed out after " + timeout.toMillis() + " ms"));
              }
            }));
  }

  static boolean notExecuted(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof org.apache.hc.core5.http.RequestNotExecutedException) {
        return true;
      }
    }
    return false;
  }

  /** JSON unless the request names another type (an OAuth token request is a form). */
  private static ContentType contentType(OutgoingRequest request) {
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase("content-type")) {
        return ContentType.parse(h.getValue());
      }
    }
    return ContentType.APPLICATION_JSON;
  }

  private static long elapsedMs(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private static boolean overLimit(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof MessageConstraintException) {
        return true;
      }
    }
    return false;
  }

  static FailureKind kindOf(Throwable ex) {
    if (ex instanceof GuardedDnsResolver.RefusedDestinationException) {
      return FailureKind.REFUSED_DESTINATION;
    }
    if (overLimit(ex)) {
      return FailureKind.LIMIT;
    }
    if (ex instanceof SocketTimeoutException
        || ex instanceof TimeoutException
        || ex instanceof CancellationException) {
      return FailureKind.TIMEOUT;
    }
    return FailureKind.CONNECTION;
  }

  String describe(Throwable ex) {
    if (ex instanceof GuardedDnsResolver.RefusedDestinationException) {
      return ex.getMessage();
    }
    if (overLimit(ex)) {
      return "the response head is over the limit of "
          + limits.maxHeaders()
          + " header lines (WEBHOOKS_RESPONSE_MAX_HEADERS) of at most "
          + limits.maxHeaderLine()
          + " bytes (WEBHOOKS_RESPONSE_MAX_HEADER_LINE): "
          + ex.getMessage();
    }
    if (ex instanceof SocketTimeoutException
        || ex instanceof TimeoutException
        || ex instanceof CancellationException) {
      return "timed out: " + ex.getMessage();
    }
    String name = ex.getClass().getSimpleName();
    return ex.getMessage() == null ? name : name + ": " + ex.getMessage();
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }

  /** The response body went past its cap: what was kept is the response. */
  static final class BodyCapReached extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Captured captured;

    BodyCapReached(Captured captured) {
      super("response body over its cap");
      this.captured = captured;
    }

    /** What was kept, when {@code ex} (or a cause) ended the exchange at the body cap. */
    static Captured captured(Throwable ex) {
      for (Throwable t = ex; t != null; t = t.getCause()) {
        if (t instanceof BodyCapReached b) {
          return b.captured;
        }
      }
      return null;
    }
  }

  /** Status, headers and body, each kept up to its cap, with a marker where it was cut. */
  static final class Captured {
    /** The header entry that says headers were left out (its name is no valid header name). */
    static final String TRUNCATED_HEADERS = "(truncated)";

    /** Appended to a body cut at its cap. */
    static final String TRUNCATED_BODY = "\n[truncated: the response body is longer than %d bytes]";

    private final ResponseLimits limits;
    int status;
    Map<String, String> headers = new LinkedHashMap<>();

    /**
     * Grown as the body arrives: most answers are empty or short, and a buffer of the cap per
     * response was most of the engine's garbage.
     */
    private byte[] bytes = new byte[0];

    private int length;
    private boolean cut;

    Captured(ResponseLimits limits) {
      this.limits = limits;
    }

    /**
     * Keeps the headers that fit in the header budget, in order; repeated names are joined with ",
     * " (case-insensitively, as HTTP names are); the rest are counted in one marker entry.
     */
    void headers(Header[] all) {
      Map<String, StringBuilder> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      Map<String, String> firstSpelling = new LinkedHashMap<>();
      int budget = limits.maxHeaderBytes();
      int dropped = 0;
      for (Header h : all) {
        String value = h.getValue() == null ? "" : h.getValue();
        int size = h.getName().length() + value.length() + 4;
        if (size > budget) {
          dropped++;
          continue;
        }
        budget -= size;
        StringBuilder joined = byName.get(h.getName());
        if (joined == null) {
          byName.put(h.getName(), new StringBuilder(value));
          firstSpelling.put(h.getName().toLowerCase(java.util.Locale.ROOT), h.getName());
        } else {
          joined.append(", ").append(value);
        }
      }
      for (String name : firstSpelling.values()) {
        headers.put(name, byName.get(name).toString());
      }
      if (dropped > 0) {
        headers.put(
            TRUNCATED_HEADERS,
            dropped
                + " header lines left out: over "
                + limits.maxHeaderBytes()
                + " bytes (WEBHOOKS_RESPONSE_MAX_HEADER_BYTES)");
      }
    }

    /** Keeps what fits under the cap, drops the rest and remembers that it did. */
    void append(ByteBuffer src) {
      int cap = limits.maxBodyBytes();
      int n = Math.min(cap - length, src.remaining());
      if (n > 0) {
        if (length + n > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(length + n, bytes.length * 2)));
        }
        src.get(bytes, length, n);
        length += n;
      }
      if (src.hasRemaining()) {
        cut = true;
      }
    }

    String body() {
      String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
      return cut ? text + String.format(TRUNCATED_BODY, limits.maxBodyBytes()) : text;
    }
  }

  static final class CappedResponseConsumer extends AbstractBinResponseConsumer<Captured> {
    private final ResponseLimits limits;
    private Captured captured;

    CappedResponseConsumer(ResponseLimits limits) {
      this.limits = limits;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      captured = new Captured(limits);
      captured.status = response.getCode();
      captured.headers(response.getHeaders());
    }

    @Override
    protected int capacityIncrement() {
      return Math.min(limits.maxBodyBytes(), 64 * 1024);
    }

    /**
     * Keeps the body up to its cap; past it, ends the exchange at once (the connection is closed,
     * not reused) rather than read the rest on an I/O thread every tenant shares: a receiver that
     * streams without end costs no more than one that answers its cap's worth.
     */
    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
      captured.append(src);
      src.position(src.limit());
      if (captured.cut) {
        throw new BodyCapReached(captured);
      }
    }

    @Override
    protected Captured buildResult() {
      return captured;
    }

    @Override
    public void releaseResources() {}
  }
}
