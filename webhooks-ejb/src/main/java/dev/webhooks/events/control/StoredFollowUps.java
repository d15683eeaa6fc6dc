package dev.webhooks.events.control;

import dev.webhooks.spi.FollowUpEvents;
import dev.webhooks.spi.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The engine's {@link FollowUpEvents}: stored by {@link EventStore#acceptLater}. */
@ApplicationScoped
public class StoredFollowUps implements FollowUpEvents {
  @Inject EventStore store;

  @Override
  public void emit(Long tenantId, List<IncomingEvent> events) {
    store.acceptLater(tenantId, events);
  }
}
