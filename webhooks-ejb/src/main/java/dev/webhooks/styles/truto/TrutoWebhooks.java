package dev.webhooks.styles.truto;

import dev.webhooks.deliveries.boundary.AttemptMade;
import dev.webhooks.deliveries.boundary.Deliveries;
import dev.webhooks.endpoints.boundary.Destinations;
import dev.webhooks.endpoints.boundary.EndpointDraft;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.events.boundary.EventIngest;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.RetryPolicy;
import dev.webhooks.tenants.boundary.Tenants;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Truto webhooks of an environment (the tenant): create, change, delete, and the synchronous test.
 */
@Stateless
public class TrutoWebhooks {
  /** Three retries, exponential, never more than 10 s apart (2, 4, 8 s). */
  static final RetryPolicy POLICY = RetryPolicy.ofDelays(List.of(2.0, 4.0, 8.0), 0);

  @Inject Endpoints endpoints;
  @Inject Tenants tenants;
  @Inject Deliveries deliveries;
  @Inject EventIngest ingest;
  @Inject Destinations destinations;

  /** A created webhook and its secret, which is shown only now. */
  public record Created(Endpoint endpoint, String secret) {}

  public Created create(Long tenantId, String url, Boolean active, List<String> eventTypes) {
    checkTypes(eventTypes);
    checkUrl(tenantId, url);
    String secret = UUID.randomUUID().toString();
    String environment = tenants.find(tenantId).publicId();
    EndpointDraft d =
        EndpointDraft.ofUrl(url)
            .withActive(active == null ? Boolean.TRUE : active)
            .withEventTypes(eventTypes == null ? List.of() : eventTypes)
            .withRetryPolicy(POLICY)
            .withStyle(
                null,
                config(environment, eventTypes),
                Jsonp.PROVIDER.createObjectBuilder().add("secret", secret).build().toString());
    return new Created(endpoints.create(tenantId, EndpointKind.TRUTO, null, d), secret);
  }

  public Endpoint change(
      Long tenantId, String id, String url, Boolean active, List<String> eventTypes) {
    if (eventTypes != null) {
      checkTypes(eventTypes);
    }
    if (url != null) {
      checkUrl(tenantId, url);
    }
    String config = null;
    if (eventTypes != null) {
      Endpoint current = endpoints.find(tenantId, EndpointKind.TRUTO, id);
      config = config(environmentOf(current), eventTypes);
    }
    EndpointDraft d =
        new EndpointDraft(
            url, null, eventTypes, null, null, null, active, null, null, config, null);
    return endpoints.change(tenantId, EndpointKind.TRUTO, id, d);
  }

  /**
   * Sends event {@code test} with payload {"foo": "bar"} now; whether it was answered with a 2xx.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public boolean test(Long tenantId, String id) {
    Endpoint e = endpoints.find(tenantId, EndpointKind.TRUTO, id);
    IncomingEvent event =
        new IncomingEvent("test", "{\"foo\":\"bar\"}", null, null, null, List.of(e.id()), 1);
    Optional<AttemptMade> r = ingest.sendNow(tenantId, event);
    return r.map(AttemptMade::succeeded).orElse(false);
  }

  public String environmentOf(Endpoint e) {
    return e.styleConfig().getString("environmentId", "");
  }

  /**
   * The event types as the client gave them: a webhook of all events shows {@code event_types} as
   * it was sent, left out (null) or {@code []}; both mean every event.
   */
  public List<String> eventTypesOf(Endpoint e) {
    if (!e.eventTypes().isEmpty()) {
      return List.copyOf(e.eventTypes());
    }
    return e.styleConfig().getBoolean("allEventsAsEmptyList", false) ? List.of() : null;
  }

  private static String config(String environment, List<String> eventTypes) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("environmentId", environment)
        .add("allEventsAsEmptyList", eventTypes != null && eventTypes.isEmpty())
        .build()
        .toString();
  }

  private void checkUrl(Long tenantId, String url) {
    Validation v = new Validation();
    destinations.check(tenantId, url, "target_url", v);
    v.throwIfInvalid();
  }

  private static void checkTypes(List<String> types) {
    if (types == null) {
      return;
    }
    var unknown = TrutoEvents.unknown(types);
    if (!unknown.isEmpty()) {
      Validation v = new Validation();
      v.add("event_types", "unknown event types: " + String.join(", ", unknown));
      v.throwIfInvalid();
    }
  }
}
