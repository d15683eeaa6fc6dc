package dev.webhooks.api.apono;

import dev.webhooks.api.platform.InvocationResponse;
import dev.webhooks.api.platform.Limits;
import dev.webhooks.api.platform.PageResponse;
import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Keyring;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.styles.apono.AponoConfig;
import dev.webhooks.styles.apono.AponoWebhooks;
import dev.webhooks.styles.apono.IntegrationStates;
import dev.webhooks.styles.apono.ResponseValidators;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /integration-webhooks}: Apono's integration webhooks. Secret values are write-only. */
@Path("/integration-webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
    name = "Apono integration webhooks",
    description = "Templates, authentication, filters, validators, Test")
public class IntegrationWebhooksResource {
  @Inject CurrentCaller caller;
  @Inject AponoWebhooks webhooks;
  @Inject Endpoints endpoints;
  @Inject Keyring keyring;
  @Inject Limits limits;

  /** The Test answer: the invocation plus each validator's verdict. */
  public record TestAnswer(
      boolean success,
      Object request,
      Object response,
      long durationMs,
      String error,
      List<ResponseValidators.Result> validatorResults,
      @Schema(
              description =
                  "The template's placeholders read from the event's root that printed nothing for"
                      + " the test event (a name it does not have, or null)")
          List<String> unresolvedPlaceholders) {}

  /** The webhook as shown: its settings with every secret value masked. */
  JsonObject shown(Endpoint e) {
    JsonObject config = e.styleConfig();
    JsonObject auth = config.getJsonObject("authentication");
    JsonObjectBuilder a = Jsonp.PROVIDER.createObjectBuilder().add("type", auth.getString("type"));
    switch (auth.getString("type")) {
      case "BEARER" -> a.add("token", AponoConfig.MASK);
      case "OAUTH" ->
          a.add("clientId", auth.getString("clientId"))
              .add("clientSecret", AponoConfig.MASK)
              .add("tokenUrl", auth.getString("tokenUrl"))
              .add("scopes", auth.getJsonArray("scopes"))
              .add(
                  "clientAuthMethod",
                  auth.getString("clientAuthMethod", AponoConfig.Auth.CLIENT_SECRET_POST));
      case "CUSTOM" -> {
        JsonObjectBuilder h = Jsonp.PROVIDER.createObjectBuilder();
        auth.getJsonArray("headerNames")
            .getValuesAs(JsonString::getString)
            .forEach(k -> h.add(k, AponoConfig.MASK));
        a.add("headers", h);
      }
      default -> {}
    }
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("id", e.publicId())
        .add("name", config.getString("name"))
        .add("active", e.isDeliverable())
        .add("type", "HTTP Webhook")
        .add("method", config.getString("method"))
        .add("url", e.url())
        .add("bodyTemplate", config.getString("bodyTemplate"))
        .add("authentication", a)
        .add("filters", config.getJsonObject("filters"))
        .add("timeoutSeconds", e.timeoutSeconds())
        .add("responseValidators", config.getJsonArray("responseValidators"))
        .add("createdAt", e.createdAt().toString())
        .add("updatedAt", e.updatedAt().toString())
        .build();
  }

  @POST
  @Operation(operationId = "createIntegrationWebhook", summary = "Create an integration webhook")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location names it",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Response create(
      @NotNull(message = "is required") @Valid IntegrationWebhookRequest body,
      @Context UriInfo uri) {
    Endpoint e = webhooks.create(caller.tenantId(), body.config());
    return Response.created(uri.getAbsolutePathBuilder().path(e.publicId()).build())
        .entity(shown(e))
        .build();
  }

  @GET
  @Operation(
      operationId = "listIntegrationWebhooks",
      summary = "List integration webhooks, paged by limit and cursor")
  public PageResponse<JsonObject> list(
      @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor) {
    Endpoints.Page page =
        endpoints.page(caller.tenantId(), EndpointKind.APONO, cursor, limits.parse(limit));
    return new PageResponse<>(
        page.items().stream()
            .filter(e -> !"__test__".equals(e.styleKey()))
            .map(this::shown)
            .toList(),
        page.nextCursor());
  }

  @GET
  @Path("payload-schema")
  @Operation(
      operationId = "getIntegrationWebhookPayloadSchema",
      summary = "The JSON Schema of the event model and the placeholders templates may use")
  public JsonObject payloadSchema() {
    var str = Jsonp.PROVIDER.createObjectBuilder().add("type", "string");
    var issue =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("type", "object")
            .add(
                "properties",
                Jsonp.PROVIDER.createObjectBuilder().add("status", str).add("message", str));
    var data =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("type", "object")
            .add(
                "properties",
                Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("id", str)
                    .add("name", str)
                    .add("type", str)
                    .add(
                        "status",
                        Jsonp.PROVIDER
                            .createObjectBuilder()
                            .add(
                                "enum",
                                Jsonp.PROVIDER
                                    .createArrayBuilder()
                                    .add("ACTIVE")
                                    .add("WARNING")
                                    .add("ERROR")))
                    .add(
                        "issues",
                        Jsonp.PROVIDER
                            .createObjectBuilder()
                            .add("type", "array")
                            .add("items", issue)));
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add(
            "schema",
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("$schema", "https://json-schema.org/draft/2020-12/schema")
                .add("type", "object")
                .add(
                    "properties",
                    Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add(
                            "event_type",
                            Jsonp.PROVIDER
                                .createObjectBuilder()
                                .add("const", "IntegrationStatusChanged"))
                        .add(
                            "event_time",
                            Jsonp.PROVIDER
                                .createObjectBuilder()
                                .add("type", "string")
                                .add("format", "date-time"))
                        .add("data", data)))
        .add(
            "placeholders",
            Jsonp.PROVIDER.createArrayBuilder(
                List.of(
                    "{{event_type}}",
                    "{{event_time}}",
                    "{{data.id}}",
                    "{{data.name}}",
                    "{{data.type}}",
                    "{{data.status}}",
                    "{{json data.issues}}",
                    "{{#each data.issues}}{{status}} {{message}}{{/each}}")))
        .add("sample", IntegrationStates.sample())
        .build();
  }

  @POST
  @Path("test")
  @Operation(
      operationId = "testUnsavedIntegrationWebhook",
      summary = "Test a configuration that is not saved")
  public TestAnswer testUnsaved(
      @NotNull(message = "is required") @Valid IntegrationWebhookRequest body) {
    return answer(webhooks.testUnsaved(caller.tenantId(), body.config()));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getIntegrationWebhook",
      summary = "Get an integration webhook (secrets masked)")
  public JsonObject get(@PathParam("id") String id) {
    return shown(webhooks.find(caller.tenantId(), id));
  }

  @PUT
  @Path("{id}")
  @Operation(
      operationId = "replaceIntegrationWebhook",
      summary = "Replace an integration webhook; masked secret values keep the stored ones")
  public JsonObject replace(
      @PathParam("id") String id,
      @NotNull(message = "is required") @Valid IntegrationWebhookRequest body) {
    return shown(webhooks.replace(caller.tenantId(), id, body.config()));
  }

  @DELETE
  @Path("{id}")
  @Operation(operationId = "deleteIntegrationWebhook", summary = "Delete an integration webhook")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("id") String id) {
    webhooks.delete(caller.tenantId(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/secret")
  @Operation(operationId = "getIntegrationWebhookSecret", summary = "The webhook's signing secret")
  public JsonObject secret(@PathParam("id") String id) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("secret", webhooks.signingSecret(caller.tenantId(), id))
        .build();
  }

  @POST
  @Path("{id}/test")
  @Operation(
      operationId = "testIntegrationWebhook",
      summary = "Send a mock event now and answer the invocation")
  public TestAnswer test(@PathParam("id") String id) {
    return answer(webhooks.test(caller.tenantId(), id));
  }

  private static TestAnswer answer(AponoWebhooks.TestRun run) {
    if (run.attempt().isEmpty()) {
      return new TestAnswer(
          false,
          null,
          null,
          0,
          "the webhook is not active: nothing was sent",
          List.of(),
          run.unresolvedPlaceholders());
    }
    InvocationResponse inv = InvocationResponse.of(run.attempt().get());
    return new TestAnswer(
        inv.success(),
        inv.request(),
        inv.response(),
        inv.durationMs(),
        inv.error(),
        run.validatorResults(),
        run.unresolvedPlaceholders());
  }
}
