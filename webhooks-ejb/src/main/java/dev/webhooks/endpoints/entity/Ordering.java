package dev.webhooks.endpoints.entity;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a subscription's deliveries keep the order of their events. FIFO: the deliveries of one
 * ordering key (an event without a key: one sequence for the whole subscription) are attempted one
 * after the other, in acceptance order; the next is not attempted before the one ahead of it
 * succeeded or reached a final state.
 */
public enum Ordering {
  NONE,
  FIFO;

  /** The name the API shows and takes. */
  public String shown() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Ordering> ofShown(String shown) {
    for (Ordering o : values()) {
      if (o.shown().equals(shown)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }
}
