package dev.webhooks.api.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the served document so that it is a contract a client can be generated from: every
 * operation states its security requirement and the problem responses it can give, each an {@code
 * application/problem+json} body of the shared {@code Problem} schema (declared in {@code
 * META-INF/openapi.yaml}); and the Portant path, matched with or without its trailing slash by a
 * regular-expression parameter, is documented as the seed writes it.
 *
 * <p>Operation ids and summaries are written beside each resource method; {@code OpenApiContractIT}
 * checks that none is missing.
 */
public class ContractFilter implements OASFilter {
  static final String PROBLEM = "application/problem+json";

  /** The Portant path as JAX-RS declares it ({@code outgoing-webhooks{slash: /?}}). */
  static final String PORTANT_REGEX_PATH = "/api/workflows/{wkfId}/outgoing-webhooks{slash}";

  static final String PORTANT_PATH = "/api/workflows/{wkfId}/outgoing-webhooks/";

  @Override
  public void filterOpenAPI(OpenAPI api) {
    Paths paths = api.getPaths();
    if (paths == null || paths.getPathItems() == null) {
      return;
    }
    PathItem portant = paths.getPathItem(PORTANT_REGEX_PATH);
    if (portant != null) {
      paths.removePathItem(PORTANT_REGEX_PATH);
      withoutSlashParameter(portant);
      paths.addPathItem(PORTANT_PATH, portant);
    }
    for (Map.Entry<String, PathItem> entry : paths.getPathItems().entrySet()) {
      String path = entry.getKey();
      if (!path.startsWith("/api/")) {
        continue;
      }
      Map<PathItem.HttpMethod, Operation> operations = entry.getValue().getOperations();
      if (operations == null) {
        continue;
      }
      for (Map.Entry<PathItem.HttpMethod, Operation> op : operations.entrySet()) {
        complete(path, op.getKey(), op.getValue());
      }
    }
  }

  private static void withoutSlashParameter(PathItem item) {
    if (item.getParameters() != null) {
      item.setParameters(withoutSlash(item.getParameters()));
    }
    if (item.getOperations() != null) {
      for (Operation op : item.getOperations().values()) {
        if (op.getParameters() != null) {
          op.setParameters(withoutSlash(op.getParameters()));
        }
      }
    }
  }

  private static List<Parameter> withoutSlash(List<Parameter> parameters) {
    List<Parameter> kept = new ArrayList<>();
    for (Parameter p : parameters) {
      if (!"slash".equals(p.getName())) {
        kept.add(p);
      }
    }
    return kept;
  }

  /** The problem responses of one operation, by what it takes. */
  static void complete(String path, PathItem.HttpMethod method, Operation op) {
    if (op.getSecurity() == null || op.getSecurity().isEmpty()) {
      op.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"));
      op.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("apiKey"));
    }
    APIResponses responses = op.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      op.setResponses(responses);
    }
    boolean body = op.getRequestBody() != null;
    boolean parameters = op.getParameters() != null && !op.getParameters().isEmpty();
    if (body || parameters) {
      add(responses, "400", "The request is invalid: the problem names each field and limit.");
    }
    if (path.startsWith("/api/workflows/")) {
      add(
          responses,
          "403",
          "Unauthorised (as Portant documents it): no valid API key was given, or the workflow"
              + " belongs to another tenant.");
    } else {
      add(responses, "401", "No valid API key was given.");
    }
    if (path.startsWith("/api/tenants") || path.startsWith("/api/admin")) {
      add(responses, "403", "Only the bootstrap key may do this.");
    }
    if (path.contains("{")) {
      add(responses, "404", "Nothing of this tenant has that id.");
    }
    if (body) {
      add(responses, "413", "The body is larger than 1 MiB.");
      add(responses, "415", "The body is not declared as application/json.");
    }
    add(responses, "503", "The database is busy; retry after the Retry-After seconds.");
  }

  private static void add(APIResponses responses, String code, String description) {
    if (responses.hasAPIResponse(code)) {
      return;
    }
    APIResponse r =
        OASFactory.createAPIResponse()
            .description(description)
            .content(
                OASFactory.createContent()
                    .addMediaType(
                        PROBLEM,
                        OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref("Problem"))));
    responses.addAPIResponse(code, r);
  }
}
