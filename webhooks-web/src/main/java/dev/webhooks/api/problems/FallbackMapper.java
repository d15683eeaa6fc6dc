package dev.webhooks.api.problems;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Contention;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Unreadable bodies are the caller's fault (400); anything else is logged and answered without
 * details.
 */
@Provider
public class FallbackMapper implements ExceptionMapper<Exception> {
  private static final Logger LOG = Logger.getLogger(FallbackMapper.class.getName());

  @Override
  public Response toResponse(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WebApplicationException w && w.getResponse().getStatus() == 413) {
        return w.getResponse();
      }
      if (t instanceof JsonException
          || t instanceof JsonbException
          || t instanceof ProcessingException) {
        return Problem.response(
            400, "Bad Request", "body is not valid JSON: " + t.getMessage(), null);
      }
      if (t instanceof ApiFailure f) {
        return new ApiFailureMapper().toResponse(f);
      }
    }
    if (Contention.isLockConflict(e)) {
      return Response.fromResponse(
              Problem.response(503, "Busy", "the database is busy; retry the request", null))
          .header("Retry-After", "1")
          .build();
    }
    LOG.log(Level.SEVERE, "unexpected failure", e);
    return Problem.response(500, "Internal error", "the server failed; it is logged", null);
  }
}
