package dev.webhooks.styles.portant;

import dev.webhooks.endpoints.boundary.Destinations;
import dev.webhooks.endpoints.boundary.EndpointDraft;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.events.boundary.AcceptedEvent;
import dev.webhooks.events.boundary.EventIngest;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.RetryPolicy;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The outgoing webhook of a workflow, and the workflow's automation events, with Portant's
 * ownership rule.
 */
@Stateless
public class PortantWorkflows {
  @PersistenceContext EntityManager em;
  @Inject Endpoints endpoints;
  @Inject EventIngest ingest;
  @Inject Destinations destinations;

  public Endpoint get(Long tenantId, String workflowId) {
    checkAccess(tenantId, workflowId);
    Endpoint e = endpoints.findByStyleKey(tenantId, EndpointKind.PORTANT, workflowId);
    if (e == null) {
      throw ApiFailure.notFound("the outgoing webhook of workflow " + workflowId);
    }
    return e;
  }

  public Endpoint create(Long tenantId, String workflowId, String url) {
    checkAccess(tenantId, workflowId);
    if (endpoints.findByStyleKey(tenantId, EndpointKind.PORTANT, workflowId) != null) {
      throw ApiFailure.invalid(
          "webhookUrl",
          "workflow " + workflowId + " already has an outgoing webhook: use PATCH to change it");
    }
    requireUrl(tenantId, url, true);
    Endpoint e =
        endpoints.create(
            tenantId,
            EndpointKind.PORTANT,
            PortantEvents.newWebhookId(),
            EndpointDraft.ofUrl(url)
                .withRetryPolicy(RetryPolicy.STANDARD)
                .withStyle(workflowId, null, null));
    if (owner(workflowId) == null) {
      em.persist(new WorkflowOwner(workflowId, tenantId));
    }
    return e;
  }

  public Endpoint change(Long tenantId, String workflowId, String url, Boolean active) {
    Endpoint e = get(tenantId, workflowId);
    if (url != null) {
      requireUrl(tenantId, url, false);
    }
    EndpointDraft d =
        new EndpointDraft(url, null, null, null, null, null, active, null, null, null, null);
    return endpoints.update(e, d);
  }

  public void delete(Long tenantId, String workflowId) {
    endpoints.delete(get(tenantId, workflowId));
  }

  public String secret(Long tenantId, String workflowId) {
    return endpoints.signingSecret(get(tenantId, workflowId));
  }

  /**
   * One event per item, in item order; committed before this returns. The items are checked against
   * the event type first ({@link PortantEvents#checkItems}).
   */
  public List<String> submit(
      Long tenantId, String workflowId, String eventType, List<JsonObject> items) {
    Validation v = new Validation();
    PortantEvents.checkItems(eventType, items, v);
    v.throwIfInvalid();
    checkAccess(tenantId, workflowId);
    String source =
        Jsonp.PROVIDER.createObjectBuilder().add("workflowId", workflowId).build().toString();
    List<IncomingEvent> events = new ArrayList<>();
    for (JsonObject item : items) {
      events.add(
          IncomingEvent.routed(eventType, item.toString(), source, null)
              .withPublicId(PortantEvents.newEventId()));
    }
    return ingest.submitShaped(tenantId, events).stream().map(AcceptedEvent::publicId).toList();
  }

  /** Another tenant's workflow: 403, as Portant answers "Unauthorised". */
  public void checkAccess(Long tenantId, String workflowId) {
    if (!PortantEvents.isWorkflowId(workflowId)) {
      throw ApiFailure.invalid("wkfId", "must be 1-64 characters of letters, digits, '_' and '-'");
    }
    WorkflowOwner o = owner(workflowId);
    if (o != null && !o.tenantId().equals(tenantId)) {
      throw ApiFailure.forbidden("workflow " + workflowId + " belongs to another account");
    }
  }

  private WorkflowOwner owner(String workflowId) {
    return em.createNamedQuery("WorkflowOwner.byWorkflow", WorkflowOwner.class)
        .setParameter("workflowId", workflowId)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  private void requireUrl(Long tenantId, String url, boolean required) {
    Validation v = new Validation();
    if (required || url != null) {
      destinations.check(tenantId, url, "webhookUrl", v);
    }
    v.throwIfInvalid();
  }
}
