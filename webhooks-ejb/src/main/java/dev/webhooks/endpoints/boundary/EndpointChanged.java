package dev.webhooks.endpoints.boundary;

/**
 * What happened to a subscription that matters to what it is owed. Fired synchronously inside the
 * transaction that changed it, so what observers write commits or rolls back with the change.
 */
public record EndpointChanged(Long endpointId, Change change) {
  public enum Change {
    /** It was not deliverable (paused, disabled, inactive) and now is: held deliveries go on. */
    DELIVERABLE_AGAIN,
    /** It was deleted: its open deliveries are cancelled. */
    DELETED,
    /** It no longer keeps order (FIFO to none): deliveries waiting for their turn go now. */
    UNORDERED
  }
}
