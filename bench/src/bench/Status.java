package bench;

/**
 * Delivery status strings exactly as the API spells them. Kept in one place so a change of spelling
 * on the server side is a one-line change here.
 */
final class Status {
  private Status() {}

  static final String PENDING = "pending";
  static final String QUEUED = "queued";
  static final String IN_FLIGHT = "in_flight";
  static final String HELD = "held";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String CANCELLED = "cancelled";

  /** Endpoint state after the receiver answered 410 Gone. */
  static final String ENDPOINT_DISABLED = "disabled";

  static boolean isFinal(String status) {
    return SUCCEEDED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
  }
}
