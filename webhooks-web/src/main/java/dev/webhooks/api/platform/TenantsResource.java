package dev.webhooks.api.platform;

import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.tenants.boundary.Tenants;
import dev.webhooks.tenants.entity.ApiKey;
import dev.webhooks.tenants.entity.Tenant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants (created with the bootstrap key) and their API keys. */
@Path("/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants", description = "Tenants and API keys")
public class TenantsResource {
  @Inject CurrentCaller caller;
  @Inject Tenants tenants;
  @Inject Limits limits;

  public record TenantCreated(String id, String name, String apiKey) {}

  public record TenantShown(String id, String name, Instant createdAt) {}

  public record KeyCreated(String id, String prefix, Instant createdAt, String apiKey) {}

  public record KeyShown(
      String id, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

  @POST
  @Operation(
      operationId = "createTenant",
      summary = "Create a tenant (bootstrap key only); the reply shows its API key once")
  @APIResponse(
      responseCode = "201",
      description = "Created; the body shows its API key, once",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = TenantCreated.class)))
  public Response create(
      @NotNull(message = "is required") @Valid TenantRequest body, @Context UriInfo uri) {
    if (!caller.get().bootstrap()) {
      throw ApiFailure.forbidden("only the bootstrap key may create tenants");
    }
    String name = body.name();
    Tenants.NewTenant t = tenants.create(name.trim());
    return Response.created(uri.getAbsolutePathBuilder().path(t.tenant().publicId()).build())
        .entity(new TenantCreated(t.tenant().publicId(), t.tenant().name(), t.apiKey()))
        .build();
  }

  @GET
  @Operation(operationId = "listTenants", summary = "List tenants (bootstrap key only); paged")
  public PageResponse<TenantShown> list(
      @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor) {
    if (!caller.get().bootstrap()) {
      throw ApiFailure.forbidden("only the bootstrap key may list tenants");
    }
    Tenants.Page page = tenants.page(cursor, limits.parse(limit));
    return new PageResponse<>(
        page.items().stream()
            .map(t -> new TenantShown(t.publicId(), t.name(), t.createdAt()))
            .toList(),
        page.nextCursor());
  }

  @POST
  @Path("{id}/keys")
  @Operation(operationId = "issueApiKey", summary = "Issue a new API key, shown once")
  @APIResponse(
      responseCode = "201",
      description = "Issued; the body shows the key, once",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = KeyCreated.class)))
  public Response issueKey(@PathParam("id") String id) {
    Tenant t = own(id);
    Tenants.NewKey k = tenants.issueKey(t.id());
    return Response.status(201)
        .entity(
            new KeyCreated(
                k.key().publicId(), k.key().prefix(), k.key().createdAt(), k.plaintext()))
        .build();
  }

  @GET
  @Path("{id}/keys")
  @Operation(operationId = "listApiKeys", summary = "The tenant's keys (never the key itself)")
  public List<KeyShown> keys(@PathParam("id") String id) {
    Tenant t = own(id);
    return tenants.keys(t.id()).stream().map(TenantsResource::shown).toList();
  }

  @DELETE
  @Path("{id}/keys/{keyId}")
  @Operation(operationId = "revokeApiKey", summary = "Revoke a key at once")
  @APIResponse(responseCode = "204", description = "Revoked")
  public Response revoke(@PathParam("id") String id, @PathParam("keyId") String keyId) {
    Tenant t = own(id);
    tenants.revoke(t.id(), keyId);
    return Response.noContent().build();
  }

  private static KeyShown shown(ApiKey k) {
    return new KeyShown(k.publicId(), k.prefix(), k.createdAt(), k.lastUsedAt(), k.revokedAt());
  }

  /** A tenant's keys are managed by that tenant, or by the bootstrap key. */
  private Tenant own(String id) {
    Tenant t = tenants.find(id);
    if (!caller.get().bootstrap() && !t.id().equals(caller.tenantId())) {
      throw ApiFailure.notFound("tenant " + id);
    }
    return t;
  }
}
