package dev.webhooks.endpoints.boundary;

import dev.webhooks.endpoints.entity.Ordering;
import dev.webhooks.spi.RetryPolicy;
import java.util.List;
import java.util.Map;

/**
 * Settings of a subscription as a style wants them stored; a null field means "leave as it is" on
 * update and "use the default" on create. {@code styleSecrets} is JSON that is sealed before it is
 * stored.
 */
public record EndpointDraft(
    String url,
    String description,
    List<String> eventTypes,
    Map<String, String> headers,
    Integer timeoutSeconds,
    RetryPolicy retryPolicy,
    Boolean active,
    Integer rateLimitPerSecond,
    String styleKey,
    String styleConfig,
    String styleSecrets,
    Ordering ordering) {

  /** A draft that leaves the ordering as it is (on create: none). */
  public EndpointDraft(
      String url,
      String description,
      List<String> eventTypes,
      Map<String, String> headers,
      Integer timeoutSeconds,
      RetryPolicy retryPolicy,
      Boolean active,
      Integer rateLimitPerSecond,
      String styleKey,
      String styleConfig,
      String styleSecrets) {
    this(
        url,
        description,
        eventTypes,
        headers,
        timeoutSeconds,
        retryPolicy,
        active,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        null);
  }

  public static EndpointDraft ofUrl(String url) {
    return new EndpointDraft(url, null, null, null, null, null, null, null, null, null, null);
  }

  public EndpointDraft withUrl(String u) {
    return new EndpointDraft(
        u,
        description,
        eventTypes,
        headers,
        timeoutSeconds,
        retryPolicy,
        active,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        ordering);
  }

  public EndpointDraft withActive(Boolean a) {
    return new EndpointDraft(
        url,
        description,
        eventTypes,
        headers,
        timeoutSeconds,
        retryPolicy,
        a,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        ordering);
  }

  public EndpointDraft withRetryPolicy(RetryPolicy p) {
    return new EndpointDraft(
        url,
        description,
        eventTypes,
        headers,
        timeoutSeconds,
        p,
        active,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        ordering);
  }

  public EndpointDraft withStyle(String key, String config, String secrets) {
    return new EndpointDraft(
        url,
        description,
        eventTypes,
        headers,
        timeoutSeconds,
        retryPolicy,
        active,
        rateLimitPerSecond,
        key,
        config,
        secrets,
        ordering);
  }

  public EndpointDraft withTimeout(Integer seconds) {
    return new EndpointDraft(
        url,
        description,
        eventTypes,
        headers,
        seconds,
        retryPolicy,
        active,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        ordering);
  }

  public EndpointDraft withEventTypes(List<String> types) {
    return new EndpointDraft(
        url,
        description,
        types,
        headers,
        timeoutSeconds,
        retryPolicy,
        active,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        ordering);
  }

  public EndpointDraft withHeaders(Map<String, String> h) {
    return new EndpointDraft(
        url,
        description,
        eventTypes,
        h,
        timeoutSeconds,
        retryPolicy,
        active,
        rateLimitPerSecond,
        styleKey,
        styleConfig,
        styleSecrets,
        ordering);
  }
}
