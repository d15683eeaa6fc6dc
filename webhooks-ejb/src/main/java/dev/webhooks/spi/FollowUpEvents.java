package dev.webhooks.spi;

import java.util.List;

/**
 * How a style emits events of its own (an endpoint disabled, a run's result for its sink). The
 * events are stored and fanned out in the caller's transaction, so they exist exactly when the
 * change that caused them is committed; their deliveries start once it is.
 */
public interface FollowUpEvents {
  /**
   * Stores the events (and their deliveries) in the caller's transaction; their deliveries start
   * once it commits. Returns the events' ids, in order.
   */
  List<String> emit(Long tenantId, List<IncomingEvent> events);
}
