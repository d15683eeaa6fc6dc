package dev.webhooks.api.apono;

import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.styles.apono.IntegrationStates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /integrations/{integrationId}/status}: an integration reports its state. */
@Path("/integrations/{integrationId}/status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Apono integration webhooks")
public class IntegrationStatusResource {
  @Inject CurrentCaller caller;
  @Inject IntegrationStates states;

  /** Whether the status changed, and the event that says so (null when nothing changed). */
  @JsonbNillable
  public record Reported(boolean changed, String eventId) {}

  @POST
  @Operation(
      operationId = "reportIntegrationStatus",
      summary = "Report an integration's state; a change of status emits IntegrationStatusChanged")
  @APIResponse(
      responseCode = "202",
      description = "The report was taken; changed says whether an event was emitted",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Reported.class)))
  public Response report(
      @PathParam("integrationId") String integrationId,
      @NotNull(message = "is required") @Valid IntegrationStatusRequest body) {
    IntegrationStates.Outcome o = states.report(caller.tenantId(), body.report(integrationId));
    return Response.accepted(new Reported(o.changed(), o.eventId())).build();
  }
}
