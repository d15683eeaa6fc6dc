package dev.webhooks.spi;

/**
 * Which API style owns a subscription. The style decides how events match it, the body shape, the
 * signature headers, authentication, response checks and what happens when a delivery ends.
 */
public enum EndpointKind {
  /** The native endpoints API ({@code /api/endpoints}). */
  NATIVE,
  /** A workflow's outgoing webhook (Portant style). */
  PORTANT,
  /** An integration webhook with a body template (Apono style). */
  APONO,
  /** An event-type webhook with its own secret (Truto style). */
  TRUTO,
  /** The webhook sink of an Intuned Run or Job: receives directed events only. */
  INTUNED_SINK,
  /**
   * The service that performs an Intuned API run: receives directed events only, its response is
   * kept.
   */
  INTUNED_API;

  /**
   * Whether events reach this kind by routing over all of a tenant's subscriptions (else only when
   * directed).
   */
  public boolean isRouted() {
    return this != INTUNED_SINK && this != INTUNED_API;
  }
}
