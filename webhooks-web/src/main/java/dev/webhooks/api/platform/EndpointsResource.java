package dev.webhooks.api.platform;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.deliveries.boundary.Deliveries;
import dev.webhooks.deliveries.boundary.Recovery;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.events.boundary.EventIngest;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Keyring;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.IncomingEvent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Native subscriptions. */
@Path("/endpoints")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Endpoints", description = "Native webhook endpoints (subscriptions)")
public class EndpointsResource {
  @Inject CurrentCaller caller;
  @Inject Endpoints endpoints;
  @Inject Keyring keyring;
  @Inject Limits limits;
  @Inject Deliveries deliveries;
  @Inject EventIngest ingest;
  @Inject Recovery recovery;

  @POST
  @Operation(
      operationId = "createEndpoint",
      summary = "Create an endpoint; the reply carries its signing secret")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location names it, the body shows its signing secret",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = EndpointResponse.class)))
  public Response create(
      @NotNull(message = "is required") @Valid @ConvertGroup(to = Create.class)
          EndpointRequest body,
      @Context UriInfo uri) {
    Endpoint e = endpoints.create(caller.tenantId(), EndpointKind.NATIVE, null, body.draft(true));
    return Response.created(uri.getAbsolutePathBuilder().path(e.publicId()).build())
        .entity(EndpointResponse.of(e, headers(e), endpoints.signingSecret(e)))
        .build();
  }

  @GET
  @Operation(operationId = "listEndpoints", summary = "List endpoints, paged by limit and cursor")
  public PageResponse<EndpointResponse> list(
      @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor) {
    Endpoints.Page page =
        endpoints.page(caller.tenantId(), EndpointKind.NATIVE, cursor, limits.parse(limit));
    return new PageResponse<>(
        page.items().stream().map(e -> EndpointResponse.of(e, headers(e), null)).toList(),
        page.nextCursor());
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getEndpoint", summary = "Get an endpoint")
  public EndpointResponse get(@PathParam("id") String id) {
    Endpoint e = find(id);
    return EndpointResponse.of(e, headers(e), null);
  }

  @PATCH
  @Path("{id}")
  @Operation(operationId = "updateEndpoint", summary = "Change some fields of an endpoint")
  public EndpointResponse update(
      @PathParam("id") String id, @NotNull(message = "is required") @Valid EndpointRequest body) {
    body.requireSomeField();
    Endpoint e = endpoints.change(caller.tenantId(), EndpointKind.NATIVE, id, body.draft(false));
    return EndpointResponse.of(e, headers(e), null);
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteEndpoint",
      summary = "Delete an endpoint; its open deliveries are cancelled")
  @APIResponse(responseCode = "204", description = "Deleted; its open deliveries are cancelled")
  public Response delete(@PathParam("id") String id) {
    endpoints.remove(caller.tenantId(), EndpointKind.NATIVE, id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/secret")
  @Operation(operationId = "getEndpointSecret", summary = "The endpoint's signing secret")
  public JsonObject secret(@PathParam("id") String id) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("secret", endpoints.signingSecret(find(id)))
        .build();
  }

  @POST
  @Path("{id}/pause")
  @Operation(operationId = "pauseEndpoint", summary = "Hold deliveries until resumed")
  public EndpointResponse pause(@PathParam("id") String id) {
    Endpoint e = endpoints.pause(caller.tenantId(), EndpointKind.NATIVE, id);
    return EndpointResponse.of(e, headers(e), null);
  }

  @POST
  @Path("{id}/resume")
  @Operation(operationId = "resumeEndpoint", summary = "Send held deliveries and new ones again")
  public EndpointResponse resume(@PathParam("id") String id) {
    Endpoint e = endpoints.resume(caller.tenantId(), EndpointKind.NATIVE, id);
    return EndpointResponse.of(e, headers(e), null);
  }

  @POST
  @Path("{id}/secret/rotate")
  @Operation(
      operationId = "rotateEndpointSecret",
      summary =
          "Replace the signing secret; during the grace period (default 24 h) deliveries carry both signatures")
  public JsonObject rotate(@PathParam("id") String id, @Valid RotateRequest body) {
    Integer graceSeconds = body == null ? null : body.graceSeconds();
    String secret =
        endpoints.rotateSecret(
            caller.tenantId(),
            EndpointKind.NATIVE,
            id,
            Duration.ofSeconds(graceSeconds == null ? 86400 : graceSeconds));
    return Jsonp.PROVIDER.createObjectBuilder().add("secret", secret).build();
  }

  @POST
  @Path("{id}/test")
  @Operation(
      operationId = "testEndpoint",
      summary = "Send an endpoint.test event now and answer the invocation")
  public InvocationResponse test(@PathParam("id") String id) {
    Endpoint e = find(id);
    String data =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("endpointId", e.publicId())
            .add("message", "This is a test event")
            .build()
            .toString();
    var event = new IncomingEvent("endpoint.test", data, null, null, null, List.of(e.id()), 1);
    return ingest
        .sendNow(caller.tenantId(), event)
        .map(InvocationResponse::of)
        .orElseThrow(
            () ->
                ApiFailure.conflict(
                    "the endpoint is paused, disabled or busy: the test was not sent"));
  }

  @GET
  @Path("{id}/stats")
  @Operation(
      operationId = "getEndpointStats",
      summary = "Attempts, successes, failures and latency over the last 24 h")
  public Endpoints.Stats stats(@PathParam("id") String id) {
    return endpoints.stats(caller.tenantId(), EndpointKind.NATIVE, id);
  }

  @GET
  @Path("{id}/recover")
  @Operation(
      operationId = "countRecoverable",
      summary = "How many failed deliveries since the given time a recover would put back now")
  public JsonObject recoverable(@PathParam("id") String id, @QueryParam("since") String since) {
    Instant from = Limits.instant("since", since);
    if (from == null) {
      throw ApiFailure.invalid("since", "is required");
    }
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("recoverable", recovery.recoverable(find(id), from))
        .build();
  }

  @POST
  @Path("{id}/recover")
  @Operation(
      operationId = "recoverEndpoint",
      summary = "Put every failed delivery since the given time back in line; answers the count")
  public JsonObject recover(
      @PathParam("id") String id, @NotNull(message = "is required") @Valid RecoverRequest body) {
    long n = recovery.recover(find(id), body.since().toInstant());
    return Jsonp.PROVIDER.createObjectBuilder().add("recovered", n).build();
  }

  private Endpoint find(String id) {
    return endpoints.find(caller.tenantId(), EndpointKind.NATIVE, id);
  }

  private Map<String, String> headers(Endpoint e) {
    return e.headersSealed() == null
        ? Map.of()
        : JsonText.stringMap(keyring.open(e.headersSealed()));
  }
}
