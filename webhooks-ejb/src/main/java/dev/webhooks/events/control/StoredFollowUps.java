package dev.webhooks.events.control;

import dev.webhooks.events.boundary.AcceptedEvent;
import dev.webhooks.spi.FollowUpEvents;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.tenants.boundary.FaultInjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The engine's {@link FollowUpEvents}: stored by {@link EventStore#acceptLater}. */
@ApplicationScoped
public class StoredFollowUps implements FollowUpEvents {
  @Inject EventStore store;
  @Inject FaultInjection faults;

  @Override
  public List<String> emit(Long tenantId, List<IncomingEvent> events) {
    faults.at(FaultInjection.FOLLOW_UP, tenantId);
    return store.acceptLater(tenantId, events).stream().map(AcceptedEvent::publicId).toList();
  }
}
