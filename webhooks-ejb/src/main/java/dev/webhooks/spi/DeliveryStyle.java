package dev.webhooks.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One API style's rules for its subscriptions. Implementations are CDI beans, one per {@link
 * EndpointKind}; the engine looks them up by kind. Where each method runs: {@link #matches} inside
 * the ingest transaction that fans an event out (it must not write); {@link #request}, {@link
 * #rejectResponse} and {@link #refreshCredentials} outside any transaction, on the engine's
 * threads, where whatever they throw fails only that attempt; {@link #onFinished} and {@link
 * #onDisabled} in a transaction of their own each, after the outcome was recorded.
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
   * The request for one attempt, for a style that must wait for something to build it (a token from
   * a token endpoint): the engine calls this one, which must not block; by default it is {@link
   * #request}.
   */
  default CompletableFuture<OutgoingRequest> requestAsync(
      EventView event, EndpointView endpoint, Instant attemptTime) {
    return CompletableFuture.completedFuture(request(event, endpoint, attemptTime));
  }

  /**
   * Whether {@link #rejectResponse} does real work for this subscription (evaluates the tenant's
   * response validators): then the engine runs it on its attempt executor rather than on the HTTP
   * client's I/O thread, which serves every tenant's connections.
   */
  default boolean examinesResponses(EndpointView endpoint) {
    return false;
  }

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

  /**
   * Whether {@link #onFinished} has something to do: only then is a reaction row written for each
   * finished delivery of this style.
   */
  default boolean reactsWhenFinished() {
    return false;
  }

  /**
   * A delivery reached a final state. Runs after the outcome was recorded, in a transaction of its
   * own that commits with the removal of the owed reaction: what it writes (a run's state, a
   * follow-up event) is stored exactly once it returns. If it throws, nothing it wrote is kept and
   * it runs again later (so it must be idempotent over its own rows), up to 20 tries.
   */
  default void onFinished(DeliveryFinished finished) {}

  /**
   * The deadline of one attempt's whole exchange, before the operator's cap: by default the
   * subscription's timeout in seconds; a style that takes milliseconds (an Intuned sink) keeps them
   * in its configuration.
   */
  default java.time.Duration timeout(EndpointView endpoint) {
    return java.time.Duration.ofSeconds(endpoint.timeoutSeconds());
  }

  /** What a receiver's 410 Gone means in a style. */
  enum Gone {
    /** The subscription is gone: disable it and hold what it is owed (until it is re-enabled). */
    ENDPOINT_GONE,
    /** Only this delivery is refused: it fails at once; nothing else is held. */
    DELIVERY_REFUSED,
    /** Nothing more than any other non-2xx answer: retried by the policy, then failed. */
    ANY_FAILURE
  }

  /** How this style reads a 410 Gone (by default: the subscription is gone). */
  default Gone onGone() {
    return Gone.ENDPOINT_GONE;
  }

  /**
   * How long a subscription may fail with no success in between before it is disabled (before the
   * operator's time scale is applied); empty never disables it.
   */
  default Optional<Duration> disableAfter() {
    return Optional.empty();
  }

  /**
   * A subscription was disabled for failing too long: the style may announce it, for instance by
   * emitting an event through {@link FollowUpEvents}. Runs like {@link #onFinished}: after the
   * disabling committed, in a transaction of its own, again later if it throws.
   */
  default void onDisabled(EndpointView endpoint, Instant failingSince) {}
}
