package dev.webhooks.api.truto;

import dev.webhooks.api.platform.Limits;
import dev.webhooks.api.requests.Create;
import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.styles.truto.TrutoEvents;
import dev.webhooks.styles.truto.TrutoWebhooks;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

/** {@code /webhook}: Truto's webhook API; the environment is the caller's tenant. */
@Path("/webhook")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Truto webhooks", description = "Event-type webhooks with their own secret")
public class TrutoWebhookResource {
  @Inject CurrentCaller caller;
  @Inject TrutoWebhooks webhooks;
  @Inject Endpoints endpoints;
  @Inject Limits limits;

  /**
   * A webhook as Truto shows it; {@code secret} only in the create response. {@code event_types} as
   * the client sent it: left out or {@code []}, both meaning every event.
   */
  public record Webhook(
      String id,
      @JsonbProperty("target_url") String targetUrl,
      @JsonbProperty("is_active") boolean isActive,
      @JsonbProperty("environment_id") String environmentId,
      @Schema(
              description =
                  "The event types it receives. Left out (when the client left it out or sent"
                      + " null) or [] (when the client sent []): both mean every event.",
              nullable = true)
          @JsonbProperty("event_types")
          List<String> eventTypes,
      @JsonbProperty("created_at") String createdAt,
      @JsonbProperty("updated_at") String updatedAt,
      String secret) {}

  /** A page: {@code {"result": [...], "next_cursor": ... | null}}. */
  @JsonbNillable
  public record Page(
      List<Webhook> result, @JsonbNillable @JsonbProperty("next_cursor") String nextCursor) {}

  public record TestResult(boolean success) {}

  private Webhook shown(Endpoint e, String secret) {
    return new Webhook(
        e.publicId(),
        e.url(),
        e.isDeliverable(),
        webhooks.environmentOf(e),
        webhooks.eventTypesOf(e),
        TrutoEvents.timestamp(e.createdAt()),
        TrutoEvents.timestamp(e.updatedAt()),
        secret);
  }

  @POST
  @Operation(
      operationId = "createWebhook",
      summary = "Create a webhook; the reply carries its secret, shown only now")
  @APIResponse(
      responseCode = "201",
      description = "Created; the body shows its secret, once",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Webhook.class)))
  public Response create(
      @NotNull(message = "is required") @Valid @ConvertGroup(to = Create.class) WebhookRequest body,
      @Context UriInfo uri) {
    TrutoWebhooks.Created c =
        webhooks.create(caller.tenantId(), body.targetUrl(), body.isActive(), body.eventTypes());
    return Response.created(uri.getAbsolutePathBuilder().path(c.endpoint().publicId()).build())
        .entity(shown(c.endpoint(), c.secret()))
        .build();
  }

  @GET
  @Operation(
      operationId = "listWebhooks",
      summary = "List webhooks, paged by limit and next_cursor")
  public Page list(
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("next_cursor") String cursor) {
    Endpoints.Page page =
        endpoints.page(caller.tenantId(), EndpointKind.TRUTO, cursor, limits.parse(limit));
    return new Page(page.items().stream().map(e -> shown(e, null)).toList(), page.nextCursor());
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getWebhook", summary = "Get a webhook")
  public Webhook get(@PathParam("id") String id) {
    return shown(endpoints.find(caller.tenantId(), EndpointKind.TRUTO, id), null);
  }

  @PATCH
  @Path("{id}")
  @Operation(operationId = "updateWebhook", summary = "Change target_url, is_active or event_types")
  public Webhook update(
      @PathParam("id") String id, @NotNull(message = "is required") @Valid WebhookRequest body) {
    return shown(
        webhooks.change(
            caller.tenantId(), id, body.targetUrl(), body.isActive(), body.eventTypes()),
        null);
  }

  @DELETE
  @Path("{id}")
  @Operation(operationId = "deleteWebhook", summary = "Delete a webhook")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("id") String id) {
    endpoints.remove(caller.tenantId(), EndpointKind.TRUTO, id);
    return Response.noContent().build();
  }

  @POST
  @Path("test")
  @Operation(
      operationId = "testWebhook",
      summary = "Send event test with payload {\"foo\": \"bar\"} now")
  public TestResult test(@NotNull(message = "is required") @Valid TestRequest body) {
    return new TestResult(webhooks.test(caller.tenantId(), body.id()));
  }
}
