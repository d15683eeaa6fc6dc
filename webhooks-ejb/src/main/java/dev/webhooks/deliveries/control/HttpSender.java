package dev.webhooks.deliveries.control;

import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.spi.FailureKind;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends webhook requests with Apache HttpClient 5 (async, pooled, keep-alive). Redirects are not
 * followed, TLS certificates are verified, and every address is vetted by the destination rules
 * before a connection is made. Responses are read up to 64 KiB; the rest is discarded.
 */
public final class HttpSender implements AutoCloseable {
  static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * Resends of a request no byte of which was sent (its pooled connection had been closed): under
   * load one resend was not enough, as the next pooled connection could be closed too.
   */
  static final int MAX_RESENDS = 3;

  private final CloseableHttpAsyncClient client;

  public HttpSender(DestinationRules rules, int maxConnections, int maxPerRoute) {
    PoolingAsyncClientConnectionManager pool =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(new GuardedDnsResolver(rules))
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
            .setIOReactorConfig(
                IOReactorConfig.custom()
                    .setIoThreadCount(Math.max(2, Runtime.getRuntime().availableProcessors()))
                    .build())
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
    // The response timeout bounds silence between packets; this bounds the whole exchange.
    result
        .orTimeout(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS)
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
              if (!k.equalsIgnoreCase("content-type") && !k.equalsIgnoreCase("content-length")) {
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
            new CappedResponseConsumer(),
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

  static FailureKind kindOf(Throwable ex) {
    if (ex instanceof GuardedDnsResolver.RefusedDestinationException) {
      return FailureKind.REFUSED_DESTINATION;
    }
    if (ex instanceof SocketTimeoutException
        || ex instanceof TimeoutException
        || ex instanceof CancellationException) {
      return FailureKind.TIMEOUT;
    }
    return FailureKind.CONNECTION;
  }

  static String describe(Throwable ex) {
    if (ex instanceof GuardedDnsResolver.RefusedDestinationException) {
      return ex.getMessage();
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

  /** Status, headers and the first 64 KiB of the body. */
  static final class Captured {
    int status;
    Map<String, String> headers = new LinkedHashMap<>();

    /**
     * Grown as the body arrives: most answers are empty or short, and a 64 KiB buffer per response
     * was most of the engine's garbage.
     */
    private byte[] bytes = new byte[0];

    private int length;

    /** Keeps what fits under the cap, drops the rest. */
    void append(ByteBuffer src) {
      int n = Math.min(MAX_BODY_BYTES - length, src.remaining());
      if (n > 0) {
        if (length + n > bytes.length) {
          bytes =
              Arrays.copyOf(
                  bytes, Math.min(MAX_BODY_BYTES, Math.max(length + n, bytes.length * 2)));
        }
        src.get(bytes, length, n);
        length += n;
      }
    }

    String body() {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
  }

  static final class CappedResponseConsumer extends AbstractBinResponseConsumer<Captured> {
    private Captured captured;

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      captured = new Captured();
      captured.status = response.getCode();
      for (Header h : response.getHeaders()) {
        captured.headers.merge(h.getName(), h.getValue(), (a, b) -> a + ", " + b);
      }
    }

    @Override
    protected int capacityIncrement() {
      return MAX_BODY_BYTES;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
      captured.append(src);
      src.position(src.limit());
    }

    @Override
    protected Captured buildResult() {
      return captured;
    }

    @Override
    public void releaseResources() {}
  }
}
