package dev.webhooks.styles.intuned;

import dev.webhooks.shared.JsonText;
import dev.webhooks.spi.DeliveryFinished;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RoutingTarget;
import dev.webhooks.spi.StandardWebhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The two Intuned subscription kinds: API services (their reply kept) and webhook sinks. Both are
 * directed.
 */
public final class IntunedStyles {
  private IntunedStyles() {}

  /**
   * The event's data is the exact body, signed with the project's secret (kept in the style
   * secrets).
   */
  static OutgoingRequest signedBody(EventView event, EndpointView endpoint, Instant attemptTime) {
    OutgoingRequest r =
        new OutgoingRequest(endpoint.url(), event.payload().getBytes(StandardCharsets.UTF_8));
    r.userHeaders(endpoint.headers());
    String projectSecret = endpoint.styleSecrets().getString("secret", null);
    EndpointView signer =
        projectSecret == null
            ? endpoint
            : new EndpointView(
                endpoint.id(),
                endpoint.publicId(),
                endpoint.tenantId(),
                endpoint.kind(),
                endpoint.url(),
                endpoint.headers(),
                endpoint.timeoutSeconds(),
                List.of(projectSecret),
                endpoint.styleKey(),
                endpoint.styleConfig(),
                endpoint.styleSecrets());
    return StandardWebhooks.sign(r, event.publicId(), signer, attemptTime);
  }

  /**
   * The service performing an API run: POST {"api", "parameters", "runId"}; the reply is the
   * result.
   */
  @ApplicationScoped
  public static class ApiService implements DeliveryStyle {
    @Inject IntunedRuns runs;

    @Override
    public EndpointKind kind() {
      return EndpointKind.INTUNED_API;
    }

    @Override
    public boolean matches(EventView event, RoutingTarget endpoint) {
      return false; // directed only
    }

    @Override
    public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
      return signedBody(event, endpoint, attemptTime);
    }

    /** A 2xx whose body is not {"result": ...} is an invalid reply: a failed attempt. */
    @Override
    public Optional<String> rejectResponse(EndpointView endpoint, HttpOutcome outcome) {
      try {
        JsonObject reply = JsonText.parseObject(outcome.body());
        return reply.containsKey("result")
            ? Optional.empty()
            : Optional.of("invalid reply: a JSON object with \"result\" was expected");
      } catch (RuntimeException e) {
        return Optional.of("invalid reply: not JSON");
      }
    }

    /** Intuned has no disabled API: a 410 is retried like any failure, then the run fails. */
    @Override
    public Gone onGone() {
      return Gone.ANY_FAILURE;
    }

    @Override
    public boolean reactsWhenFinished() {
      return true;
    }

    @Override
    public void onFinished(DeliveryFinished finished) {
      runs.apiRunFinished(finished);
    }
  }

  /** A Run's or Job's webhook sink: receives one result per finished API run. */
  @ApplicationScoped
  public static class Sink implements DeliveryStyle {
    @Override
    public EndpointKind kind() {
      return EndpointKind.INTUNED_SINK;
    }

    @Override
    public boolean matches(EventView event, RoutingTarget endpoint) {
      return false; // directed only
    }

    @Override
    public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
      return signedBody(event, endpoint, attemptTime);
    }

    /**
     * The sink's {@code timeout} in milliseconds, as the whole POST's deadline (sinks stored before
     * it was kept fall back to their whole seconds).
     */
    @Override
    public java.time.Duration timeout(EndpointView endpoint) {
      JsonObject config = endpoint.styleConfig();
      return config != null && config.containsKey("timeoutMillis")
          ? java.time.Duration.ofMillis(config.getJsonNumber("timeoutMillis").longValue())
          : java.time.Duration.ofSeconds(endpoint.timeoutSeconds());
    }

    /**
     * The seed's rule for a sink: a non-2xx answer, 410 included, is retried and then skipped; it
     * ends that one result's delivery and never holds the sink's others.
     */
    @Override
    public Gone onGone() {
      return Gone.ANY_FAILURE;
    }
  }
}
