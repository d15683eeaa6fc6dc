package dev.webhooks.api.platform;

import dev.webhooks.api.requests.RequestRecords;
import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.deliveries.boundary.Deliveries;
import dev.webhooks.deliveries.entity.Event;
import dev.webhooks.events.boundary.AcceptedEvent;
import dev.webhooks.events.boundary.EventIngest;
import dev.webhooks.events.boundary.EventRequests;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Generic event ingest. A 202 means the event and its deliveries are committed. One instance for
 * the application (it holds no state of a request; the caller is a request-scoped proxy): the
 * hottest path of the API then creates no bean, and no interceptor chain, per request.
 */
@Path("/events")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Submit events for delivery, and find them again")
public class EventsResource {
  public static final int MAX_BATCH = 1000;

  @Inject CurrentCaller caller;
  @Inject EventIngest ingest;
  @Inject RequestRecords requests;
  @Inject Deliveries deliveries;

  public record Accepted(String id, int deliveries) {}

  public record BatchAccepted(List<String> ids, int deliveries) {}

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getEvent",
      summary = "An event and where it went: each of its deliveries (at most 1,000)")
  public EventResponse get(@PathParam("id") String id) {
    Event e = deliveries.event(caller.tenantId(), id);
    return EventResponse.of(e, deliveries.ofEvent(e, EventResponse.MAX + 1));
  }

  @GET
  @Operation(
      operationId = "findEvents",
      summary =
          "The event accepted under an idempotency key within the last 24 h (a list of none or"
              + " one)")
  public PageResponse<EventResponse> find(
      @QueryParam("idempotencyKey")
          @Parameter(description = "The key the event was submitted with", required = true)
          String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isEmpty()) {
      throw ApiFailure.invalid("idempotencyKey", "is required");
    }
    if (idempotencyKey.length() > EventRequests.MAX_IDEMPOTENCY_KEY) {
      throw ApiFailure.invalid(
          "idempotencyKey", "must be at most " + EventRequests.MAX_IDEMPOTENCY_KEY + " characters");
    }
    return new PageResponse<>(
        deliveries.eventByIdempotencyKey(caller.tenantId(), idempotencyKey).stream()
            .map(e -> EventResponse.of(e, deliveries.ofEvent(e, EventResponse.MAX + 1)))
            .toList(),
        null);
  }

  @POST
  @Operation(operationId = "submitEvent", summary = "Submit one event")
  @APIResponse(
      responseCode = "202",
      description = "The event and all its deliveries are committed",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Accepted.class)))
  public Response submit(@NotNull(message = "is required") @Valid EventRequest body) {
    Validation v = new Validation();
    IncomingEvent e = body.toIncoming("", v);
    v.throwIfInvalid();
    List<AcceptedEvent> accepted = ingest.submit(caller.tenantId(), List.of(e));
    int deliveries = accepted.stream().mapToInt(AcceptedEvent::deliveries).sum();
    String id = accepted.isEmpty() ? null : accepted.get(0).publicId();
    return Response.accepted(new Accepted(id, deliveries)).build();
  }

  @POST
  @Path("batch")
  @Operation(
      operationId = "submitEventBatch",
      summary = "Submit up to 1000 events at once, all or nothing; ids answer in order")
  @RequestBody(
      description =
          "{\"events\": [...]}, or the array of events alone (errors then name [i] instead of"
              + " events[i])",
      content = @Content(schema = @Schema(implementation = EventBatchRequest.class)))
  @APIResponse(
      responseCode = "202",
      description = "Every event and all their deliveries are committed",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = BatchAccepted.class)))
  public Response batch(@NotNull(message = "is required") JsonValue body) {
    Validation v = new Validation();
    List<IncomingEvent> events = new ArrayList<>();
    if (body instanceof JsonArray items) {
      if (items.isEmpty() || items.size() > MAX_BATCH) {
        throw ApiFailure.invalid("body", "must hold 1 to " + MAX_BATCH + " events");
      }
      for (int i = 0; i < items.size(); i++) {
        String at = "[" + i + "]";
        EventRequest r = requests.read(items.get(i), EventRequest.class, at, v);
        if (r != null) {
          events.add(r.toIncoming(at + ".", v));
        }
      }
    } else {
      EventBatchRequest batch = requests.read(body, EventBatchRequest.class, "", v);
      v.throwIfInvalid();
      for (int i = 0; i < batch.events().size(); i++) {
        events.add(batch.events().get(i).toIncoming("events[" + i + "].", v));
      }
    }
    v.throwIfInvalid();
    List<AcceptedEvent> accepted = ingest.submit(caller.tenantId(), events);
    return Response.accepted(
            new BatchAccepted(
                accepted.stream().map(AcceptedEvent::publicId).toList(),
                accepted.stream().mapToInt(AcceptedEvent::deliveries).sum()))
        .build();
  }
}
