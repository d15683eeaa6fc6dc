package dev.webhooks.api.platform;

import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.operations.RetentionPurge;
import dev.webhooks.operations.SecretRotation;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.tenants.boundary.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator actions across tenants, for the bootstrap key only. */
@Path("/admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Operator actions (bootstrap key)")
public class AdminResource {
  @Inject CurrentCaller caller;
  @Inject RetentionPurge retention;
  @Inject Tenants tenants;
  @Inject SecretRotation rotation;

  @POST
  @Path("secrets/reencrypt")
  @Operation(
      operationId = "reencryptSecrets",
      summary =
          "Re-encrypt every secret at rest with WEBHOOKS_SECRET_KEY (after a restart with the old key in"
              + " WEBHOOKS_SECRET_KEY_PREVIOUS)")
  public JsonObject reencrypt() {
    if (!caller.get().bootstrap()) {
      throw ApiFailure.forbidden("only the bootstrap key may re-encrypt secrets");
    }
    return Jsonp.PROVIDER.createObjectBuilder().add("resealed", rotation.reencryptAll()).build();
  }

  @POST
  @Path("retention/run")
  @Operation(
      operationId = "runRetention",
      summary =
          "Run the retention purge now for data older than olderThan (default: WEBHOOKS_RETENTION_DAYS ago)")
  public RetentionPurge.Purged runRetention(@Valid RetentionRequest body) {
    if (!caller.get().bootstrap()) {
      throw ApiFailure.forbidden("only the bootstrap key may run the retention purge");
    }
    Long tenant =
        body == null || body.tenantId() == null ? null : tenants.find(body.tenantId()).id();
    return retention.purge(
        body == null || body.olderThan() == null
            ? retention.expiryCutoff()
            : body.olderThan().toInstant(),
        tenant);
  }
}
