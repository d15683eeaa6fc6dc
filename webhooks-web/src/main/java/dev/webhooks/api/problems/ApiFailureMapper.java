package dev.webhooks.api.problems;

import dev.webhooks.shared.ApiFailure;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Domain failures become problem details with their status and field errors. */
@Provider
public class ApiFailureMapper implements ExceptionMapper<ApiFailure> {
  @Override
  public Response toResponse(ApiFailure e) {
    return Problem.response(e.status(), e.title(), e.getMessage(), e.errors());
  }
}
