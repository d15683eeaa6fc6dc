package dev.webhooks.styles.apono;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.EventIntake;
import dev.webhooks.spi.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Integration state reports through the generic ingest or JMS: an event of type {@code
 * IntegrationStatusReport} whose data is {@code {"integrationId", "name", "type", "status",
 * "issues"}} is stored like a REST report and becomes an {@code IntegrationStatusChanged} event
 * only when the status changed.
 */
@ApplicationScoped
public class AponoIntake implements EventIntake {
  public static final String REPORT_TYPE = "IntegrationStatusReport";

  @Inject IntegrationStates states;

  @Override
  public List<IncomingEvent> intake(Long tenantId, IncomingEvent event) {
    if (!REPORT_TYPE.equals(event.type())) {
      return List.of(event);
    }
    Validation v = new Validation();
    IntegrationStates.Report r = IntegrationStates.read(JsonText.parseObject(event.data()), v);
    v.throwIfInvalid();
    return states.store(tenantId, r).map(List::of).orElse(List.of());
  }
}
