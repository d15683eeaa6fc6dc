package dev.webhooks.api.platform;

import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.deliveries.boundary.Deliveries;
import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.DeliveryAttempt;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.events.boundary.EventRequests;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Contention;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The attempt log. */
@Path("/deliveries")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries", description = "Deliveries and their attempts")
public class DeliveriesResource {
  @Inject CurrentCaller caller;
  @Inject Deliveries deliveries;
  @Inject Endpoints endpoints;
  @Inject Limits limits;

  @GET
  @Operation(
      operationId = "listDeliveries",
      summary =
          "List deliveries, filtered by endpointId, status, eventType, since and until; paged")
  public PageResponse<DeliveryResponse> list(
      @QueryParam("endpointId") String endpointId,
      @QueryParam("status") String status,
      @QueryParam("eventType") String eventType,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    Endpoint ep = null;
    if (endpointId != null && !endpointId.isBlank()) {
      ep = endpoints.findAnyKind(caller.tenantId(), endpointId);
    }
    Set<DeliveryStatus> st = null;
    if (status != null && !status.isBlank()) {
      st = DeliveryStatus.ofShown(status).orElse(null);
      if (st == null) {
        throw ApiFailure.invalid(
            "status",
            "must be one of pending, queued, in_flight, held, waiting_for_turn, succeeded, failed,"
                + " cancelled");
      }
    }
    Instant from = Limits.instant("since", since);
    Instant to = Limits.instant("until", until);
    String type = eventType == null || eventType.isBlank() ? null : eventType.trim();
    if (type != null && type.length() > EventRequests.MAX_TYPE) {
      throw ApiFailure.invalid(
          "eventType", "must be at most " + EventRequests.MAX_TYPE + " characters");
    }
    Deliveries.Filter filter = new Deliveries.Filter(ep, st, type, from, to);
    int size = limits.parse(limit);
    Deliveries.Page page =
        Contention.retry(3, () -> deliveries.list(caller.tenantId(), filter, cursor, size));
    return new PageResponse<>(
        page.items().stream()
            .map(d -> DeliveryResponse.of(d, null, deliveries.waitingFor(d)))
            .toList(),
        page.nextCursor());
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getDelivery", summary = "A delivery with all its attempts")
  public DeliveryResponse get(@PathParam("id") String id) {
    return Contention.retry(
        3,
        () -> {
          Delivery d = deliveries.find(caller.tenantId(), id);
          List<DeliveryAttempt> attempts = deliveries.attempts(d);
          return DeliveryResponse.of(
              d,
              attempts,
              deliveries.waitingFor(d),
              attempts.isEmpty() ? null : deliveries.rebuiltRequestBody(d));
        });
  }

  @POST
  @Path("{id}/resend")
  @Operation(
      operationId = "resendDelivery",
      summary = "Send the same event (same webhook-id) to the same endpoint again")
  @APIResponse(
      responseCode = "202",
      description = "A new delivery of the same event, queued",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DeliveryResponse.class)))
  public Response resend(@PathParam("id") String id) {
    Delivery again = deliveries.resend(caller.tenantId(), id);
    deliveries.wake(again.id());
    return Response.accepted(DeliveryResponse.of(again, null, null)).build();
  }
}
