package dev.webhooks.spi;

/**
 * Work done for a tenant went over its budget (a template's output or time, say). A style throws it
 * from {@link DeliveryStyle#request}; the engine fails that attempt with {@link FailureKind#LIMIT}
 * and this message, which names the limit and its setting.
 */
public class LimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LimitExceeded(String message) {
    super(message, null, false, false);
  }
}
