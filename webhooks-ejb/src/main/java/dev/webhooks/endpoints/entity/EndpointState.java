package dev.webhooks.endpoints.entity;

/**
 * Whether a subscription is sent to. Only ENABLED ones are; PAUSED and DISABLED hold their
 * deliveries.
 */
public enum EndpointState {
  ENABLED,
  PAUSED,
  DISABLED,
  DELETED
}
