package dev.webhooks.api.portant;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.styles.portant.PortantWorkflows;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /workflows/{wkfId}/outgoing-webhooks/} (with or without the trailing slash) and workflow
 * events.
 */
@Path("/workflows/{wkfId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Portant workflow webhooks", description = "One outgoing webhook per workflow")
public class OutgoingWebhooksResource {
  @Inject CurrentCaller caller;
  @Inject PortantWorkflows workflows;

  /** Portant's resource, plus {@code active} (false after a 410 or an auto-disable). */
  public record OutgoingWebhook(String id, String webhookUrl, boolean active) {
    static OutgoingWebhook of(Endpoint e) {
      return new OutgoingWebhook(e.publicId(), e.url(), e.isDeliverable());
    }
  }

  public record EventsAccepted(List<String> eventIds) {}

  @GET
  @Path("outgoing-webhooks{slash: /?}")
  @Operation(operationId = "getOutgoingWebhook", summary = "The workflow's outgoing webhook")
  public OutgoingWebhook get(@PathParam("wkfId") String wkfId) {
    return OutgoingWebhook.of(workflows.get(caller.tenantId(), wkfId));
  }

  @POST
  @Path("outgoing-webhooks{slash: /?}")
  @Operation(
      operationId = "createOutgoingWebhook",
      summary = "Configure the workflow's outgoing webhook")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = OutgoingWebhook.class)))
  public Response create(
      @PathParam("wkfId") String wkfId,
      @NotNull(message = "is required") @Valid @ConvertGroup(to = Create.class)
          OutgoingWebhookRequest body,
      @Context UriInfo uri) {
    Endpoint e = workflows.create(caller.tenantId(), wkfId, body.webhookUrl());
    return Response.created(
            uri.getBaseUriBuilder()
                .path("workflows")
                .path(wkfId)
                .path("outgoing-webhooks/")
                .build())
        .entity(OutgoingWebhook.of(e))
        .build();
  }

  @PATCH
  @Path("outgoing-webhooks{slash: /?}")
  @Operation(
      operationId = "updateOutgoingWebhook",
      summary = "Change the webhook URL or re-activate it")
  public OutgoingWebhook update(
      @PathParam("wkfId") String wkfId,
      @NotNull(message = "is required") @Valid OutgoingWebhookRequest body) {
    if (body.webhookUrl() == null && body.active() == null) {
      throw ApiFailure.invalid("body", "changes nothing: a PATCH sets webhookUrl, active or both");
    }
    return OutgoingWebhook.of(
        workflows.change(caller.tenantId(), wkfId, body.webhookUrl(), body.active()));
  }

  @DELETE
  @Path("outgoing-webhooks{slash: /?}")
  @Operation(
      operationId = "deleteOutgoingWebhook",
      summary = "Remove the workflow's outgoing webhook (the workflow stays this account's)")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("wkfId") String wkfId) {
    workflows.delete(caller.tenantId(), wkfId);
    return Response.noContent().build();
  }

  @GET
  @Path("outgoing-webhooks/secret")
  @Operation(
      operationId = "getOutgoingWebhookSecret",
      summary = "The signing secret of the workflow's webhook")
  public JsonObject secret(@PathParam("wkfId") String wkfId) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("secret", workflows.secret(caller.tenantId(), wkfId))
        .build();
  }

  @POST
  @Path("events")
  @Operation(
      operationId = "sendWorkflowEvents",
      summary = "An automation event: one webhook per item")
  @APIResponse(
      responseCode = "202",
      description = "One webhook per item, committed",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = EventsAccepted.class)))
  public Response events(
      @PathParam("wkfId") String wkfId,
      @NotNull(message = "is required") @Valid WorkflowEventsRequest body) {
    return Response.accepted(
            new EventsAccepted(
                workflows.submit(caller.tenantId(), wkfId, body.eventType(), body.items())))
        .build();
  }
}
