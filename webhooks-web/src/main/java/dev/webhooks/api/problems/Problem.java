package dev.webhooks.api.problems;

import dev.webhooks.shared.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem details body. */
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Response response(
      int status, String title, String detail, List<FieldError> errors) {
    Problem p =
        new Problem(
            "about:blank#" + title.toLowerCase().replace(' ', '-'),
            title,
            status,
            detail,
            errors == null || errors.isEmpty() ? null : errors);
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(p).build();
  }
}
