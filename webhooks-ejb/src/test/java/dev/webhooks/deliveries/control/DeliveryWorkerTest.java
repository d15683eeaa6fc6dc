package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RoutingTarget;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever a style throws fails that attempt with a reason, on the calling thread and on the HTTP
 * client's threads alike, and the attempt's future still completes with a result.
 */
class DeliveryWorkerTest {
  private HttpServer receiver;
  private final AtomicInteger received = new AtomicInteger();
  private volatile int answer = 204;
  private HttpSender sender;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    receiver.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          received.incrementAndGet();
          ex.sendResponseHeaders(answer, -1);
          ex.close();
        });
    receiver.start();
    sender = new HttpSender(new DestinationRules(true, ""), 10, 10);
  }

  @AfterEach
  void stop() {
    sender.close();
    receiver.stop(0);
  }

  /** A style whose every method can be told to throw. */
  static class Hostile implements DeliveryStyle {
    Throwable onRequest;
    Throwable onReject;
    Throwable onRefresh;
    int requests;

    @Override
    public EndpointKind kind() {
      return EndpointKind.NATIVE;
    }

    @Override
    public boolean matches(EventView event, RoutingTarget endpoint) {
      return true;
    }

    @Override
    public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
      requests++;
      if (onRequest != null) {
        sneakyThrow(onRequest);
      }
      return new OutgoingRequest(endpoint.url(), "{}".getBytes());
    }

    @Override
    public Optional<String> rejectResponse(EndpointView endpoint, HttpOutcome outcome) {
      if (onReject != null) {
        sneakyThrow(onReject);
      }
      return Optional.empty();
    }

    @Override
    public boolean refreshCredentials(EndpointView endpoint) {
      if (onRefresh != null) {
        sneakyThrow(onRefresh);
      }
      return true;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
      throw (T) t;
    }
  }

  private DeliveryWorker worker(Hostile style) {
    DeliveryWorker w = new DeliveryWorker();
    w.styles =
        new DeliveryStyles() {
          @Override
          public DeliveryStyle of(EndpointKind kind) {
            return style;
          }
        };
    w.outbound = (tenant, request, timeout) -> sender.send(request, timeout);
    return w;
  }

  private DeliveryJob job() {
    return Jobs.job(1L, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  private static AttemptResult await(CompletableFuture<AttemptResult> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aStackOverflowWhileBuildingFailsTheAttemptWithItsReasonAndSendsNothing() throws Exception {
    Hostile style = new Hostile();
    style.onRequest = new StackOverflowError();
    AttemptResult r = await(worker(style).attempt(job()));
    assertFalse(r.succeeded());
    assertNull(r.outcome().status());
    assertTrue(
        r.outcome().error().startsWith("the request could not be built"), r.outcome().error());
    assertTrue(r.outcome().error().contains("StackOverflowError"), r.outcome().error());
    assertEquals(0, received.get(), "nothing was sent");
  }

  @Test
  void anErrorInTheResponseCheckOnTheClientThreadFailsTheAttempt() throws Exception {
    Hostile style = new Hostile();
    style.onReject = new StackOverflowError();
    AttemptResult r = await(worker(style).attempt(job()));
    assertEquals(1, received.get());
    assertEquals(204, r.outcome().status());
    assertFalse(r.succeeded(), "a 2xx whose check failed is not a success");
    assertTrue(r.rejection().contains("StackOverflowError"), r.rejection());
  }

  @Test
  void anErrorWhileRefreshingCredentialsLeavesThe401AsTheOutcome() throws Exception {
    answer = 401;
    Hostile style = new Hostile();
    style.onRefresh = new LinkageError("broken token client");
    AttemptResult r = await(worker(style).attempt(job()));
    assertEquals(401, r.outcome().status());
    assertFalse(r.succeeded());
    assertEquals(1, received.get(), "no second request");
  }

  @Test
  void anErrorRebuildingAfterARefreshLeavesThe401AsTheOutcome() throws Exception {
    answer = 401;
    Hostile style =
        new Hostile() {
          @Override
          public OutgoingRequest request(EventView e, EndpointView ep, Instant at) {
            if (requests == 1) {
              requests++;
              sneakyThrow(new StackOverflowError());
            }
            return super.request(e, ep, at);
          }
        };
    AttemptResult r = await(worker(style).attempt(job()));
    assertEquals(401, r.outcome().status());
    assertEquals(1, received.get());
  }

  @Test
  void aPlainStyleStillSucceeds() throws Exception {
    AttemptResult r = await(worker(new Hostile()).attempt(job()));
    assertTrue(r.succeeded(), String.valueOf(r.outcome()));
    assertEquals(1, received.get());
  }
}
