package dev.webhooks.api.requests;

import dev.webhooks.api.problems.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A request with no body and no content type (what {@code curl -X POST} sends) is taken as an empty
 * JSON request, so operations whose body is optional accept it instead of answering 415. A body
 * without a content type gets 415 (one with another content type gets it from resource matching).
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class BodylessRequests implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getMediaType() != null) {
      return;
    }
    // Judged by the headers: hasEntity() looks at the stream, which may not know yet.
    boolean body = request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
    if (body) {
      request.abortWith(
          Problem.response(
              415,
              "Unsupported Media Type",
              "a request body needs the header Content-Type: application/json",
              null));
      return;
    }
    request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
  }
}
