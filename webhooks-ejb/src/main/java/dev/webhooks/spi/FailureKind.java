package dev.webhooks.spi;

/** Why an attempt failed, as a value (the message beside it is for people). */
public enum FailureKind {
  /** No complete response within the endpoint's timeout. */
  TIMEOUT,
  /** The destination rules refused the address (before any connection was made). */
  REFUSED_DESTINATION,
  /** The connection could not be made or broke (refused, reset, TLS, DNS). */
  CONNECTION,
  /** The request could not be built (the style failed, or it was not a valid request). */
  INVALID_REQUEST,
  /** A response that is not 2xx (3xx included: redirects are not followed). */
  HTTP_STATUS,
  /** A 2xx response the style refused (a response validator, an unusable reply). */
  REJECTED_RESPONSE,
  /**
   * A budget was exceeded (a response head over the header limits, a template over its output or
   * time budget): the reason names the limit and its setting.
   */
  LIMIT
}
