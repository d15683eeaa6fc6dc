package dev.webhooks.api.security;

import dev.webhooks.api.problems.Problem;
import dev.webhooks.tenants.boundary.Caller;
import dev.webhooks.tenants.boundary.Tenants;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Every /api call authenticates with {@code Authorization: Bearer <key>} or {@code x-api-key:
 * <key>}. Without a valid key the answer is 401, except on Portant's paths, whose vendor documents
 * {@code 403 Unauthorised}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {
  @Inject Tenants tenants;
  @Inject CurrentCaller current;

  @Override
  public void filter(ContainerRequestContext request) {
    String key = request.getHeaderString("x-api-key");
    String auth = request.getHeaderString("Authorization");
    if ((key == null || key.isBlank())
        && auth != null
        && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = auth.substring(7).trim();
    }
    Optional<Caller> caller = tenants.authenticate(key);
    if (caller.isEmpty() && portant(request)) {
      // Portant documents 403 Unauthorised with an Error body for an unauthorised request.
      request.abortWith(
          Problem.response(
              403,
              "Unauthorised",
              key == null || key.isBlank() ? "an API key is required" : "the API key is not valid",
              null));
      return;
    }
    if (caller.isEmpty()) {
      request.abortWith(
          Response.fromResponse(
                  Problem.response(
                      401,
                      "Unauthorized",
                      key == null || key.isBlank()
                          ? "an API key is required"
                          : "the API key is not valid",
                      null))
              .header("WWW-Authenticate", "Bearer")
              .build());
      return;
    }
    current.set(caller.get());
  }

  /** Whether the request is on a Portant-style path ({@code /api/workflows/...}). */
  static boolean portant(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.startsWith("workflows/") || path.startsWith("/workflows/");
  }
}
