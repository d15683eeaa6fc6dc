package dev.webhooks.spi;

/** How a delivery ended, as a style sees it. */
public enum DeliveryEnd {
  SUCCEEDED,
  FAILED,
  CANCELLED
}
