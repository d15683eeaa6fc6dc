package dev.webhooks.api.problems;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Contention;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Unwraps failures that crossed an EJB boundary wrapped, and hides anything unexpected behind a 500
 * problem.
 */
@Provider
public class EjbExceptionMapper implements ExceptionMapper<EJBException> {
  private static final Logger LOG = Logger.getLogger(EjbExceptionMapper.class.getName());

  @Override
  public Response toResponse(EJBException e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof ApiFailure f) {
        return new ApiFailureMapper().toResponse(f);
      }
      if (t instanceof WebApplicationException w) {
        return new WebApplicationMapper().toResponse(w);
      }
      t = t.getCause();
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
