package dev.webhooks.styles.portant;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.EventIntake;
import dev.webhooks.spi.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;

/**
 * Portant events arriving through the generic ingest or JMS ({@code source.workflowId} and a
 * Portant event type): the data is one item; the event gets Portant's 48-hex id and the workflow's
 * ownership rule applies.
 */
@ApplicationScoped
public class PortantIntake implements EventIntake {
  @Inject PortantWorkflows workflows;

  @Override
  public List<IncomingEvent> intake(Long tenantId, IncomingEvent event) {
    if (!PortantEvents.TYPES.contains(event.type())
        || !(JsonText.parseObject(event.source()).get("workflowId") instanceof JsonString wf)) {
      return List.of(event);
    }
    workflows.checkAccess(tenantId, wf.getString());
    Validation v = new Validation();
    if (JsonText.parse(event.data()) instanceof JsonObject item) {
      PortantEvents.checkItem(event.type(), item, "data", v);
    } else {
      v.add("data", "must be a JSON object");
    }
    v.throwIfInvalid();
    return List.of(
        event.publicId() == null ? event.withPublicId(PortantEvents.newEventId()) : event);
  }
}
