package dev.webhooks.api.platform;

import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.tenants.boundary.Caller;
import dev.webhooks.tenants.boundary.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the presented API key speaks for. */
@Path("/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants", description = "Tenants and API keys")
public class MeResource {
  @Inject CurrentCaller caller;
  @Inject Tenants tenants;

  public record Me(
      String tenantId,
      String tenantName,
      @Schema(description = "Whether the key is the bootstrap key (which manages tenants)")
          boolean bootstrap) {}

  @GET
  @Operation(operationId = "getMe", summary = "The tenant of the presented key")
  public Me me() {
    Caller c = caller.get();
    return new Me(c.tenantPublicId(), tenants.find(c.tenantId()).name(), c.bootstrap());
  }
}
