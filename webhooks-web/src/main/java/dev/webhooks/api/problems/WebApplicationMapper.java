package dev.webhooks.api.problems;

import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URISyntaxException;

/** JAX-RS's own errors (404 path, 405, 406, 415, unreadable body) as problem details. */
@Provider
public class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (e.getResponse().hasEntity()
        && Problem.MEDIA_TYPE.equals(String.valueOf(e.getResponse().getMediaType()))) {
      return e.getResponse();
    }
    String title =
        Response.Status.fromStatusCode(status) == null
            ? "Error"
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    String detail =
        status == 400 ? "the request could not be read as this operation expects" : title;
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof JsonParsingException p) {
        detail = "body is not valid JSON: " + p.getMessage();
        break;
      }
      if (t instanceof URISyntaxException
          || (t instanceof IllegalArgumentException
              && String.valueOf(t.getMessage()).contains("escape"))) {
        detail = "the path or query holds a malformed percent escape";
        break;
      }
    }
    return Problem.response(status, title, detail, null);
  }
}
