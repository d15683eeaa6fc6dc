package dev.webhooks.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One API style's rules for its subscriptions. Implementations are CDI beans, one per {@link
 * EndpointKind}; the engine looks them up by kind. Methods other than {@link #onFinished} run
 * outside any transaction.
 */
public interface DeliveryStyle {

  EndpointKind kind();

  /** Whether a routed event reaches this subscription (directed events skip this check). */
  boolean matches(EventView event, RoutingTarget endpoint);

  /**
   * Whether an inactive subscription still gets deliveries (held until it is active) or none at
   * all.
   */
  default boolean holdsWhileInactive() {
    return true;
  }

  /** The request for one attempt: body, method, signature, authentication and custom headers. */
  OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime);

  /**
   * A reason to count a 2xx response as a failure (response validators, an unusable reply), or
   * empty to accept it.
   */
  default Optional<String> rejectResponse(EndpointView endpoint, HttpOutcome outcome) {
    return Optional.empty();
  }

  /**
   * Called on a 401: whether fresh credentials were obtained so the request should be built and
   * sent once more in the same attempt (OAuth token expiry).
   */
  default boolean refreshCredentials(EndpointView endpoint) {
    return false;
  }

  /**
   * Whether the attempt log keeps the request body (for styles whose bodies cannot be rebuilt
   * later).
   */
  default boolean keepsRequestBody() {
    return false;
  }

  /** Called inside the transaction that records a delivery's final outcome. */
  default void onFinished(DeliveryFinished finished) {}

  /**
   * Whether a 410 Gone means the subscription is gone (disable it and hold what it is owed) or only
   * that this one delivery is refused (it fails; nothing else is held).
   */
  default boolean goneDisablesEndpoint() {
    return true;
  }

  /**
   * How long a subscription may fail with no success in between before it is disabled (before the
   * operator's time scale is applied); empty never disables it.
   */
  default Optional<Duration> disableAfter() {
    return Optional.empty();
  }

  /**
   * Called inside the transaction that disabled a failing subscription: the style may announce it,
   * for instance by emitting an event through {@link FollowUpEvents}.
   */
  default void onDisabled(EndpointView endpoint, Instant failingSince) {}
}
