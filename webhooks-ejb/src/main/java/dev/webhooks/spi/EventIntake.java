package dev.webhooks.spi;

import java.util.List;

/**
 * A style's say over events that arrive through the generic ingest (REST or JMS): it may check
 * them, give them its id format, or turn one submission into several events or none (a report that
 * changes nothing). Most styles leave events alone.
 */
public interface EventIntake {

  /**
   * The events to store for this submission; the input itself when the style has nothing to do with
   * it.
   */
  List<IncomingEvent> intake(Long tenantId, IncomingEvent event);
}
