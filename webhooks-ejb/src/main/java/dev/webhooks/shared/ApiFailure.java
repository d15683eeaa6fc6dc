package dev.webhooks.shared;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A failure the caller caused or must know about, carried unchanged across EJB boundaries so the
 * REST layer can answer it as {@code application/problem+json}. It never holds secret values:
 * messages name fields, not contents.
 */
@ApplicationException(rollback = true)
public class ApiFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final List<FieldError> errors;

  public ApiFailure(int status, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static ApiFailure invalid(String field, String message) {
    return new ApiFailure(
        400, "Invalid request", field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static ApiFailure invalid(List<FieldError> errors) {
    String detail =
        errors.stream()
            .map(e -> e.field() + ": " + e.message())
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid request");
    return new ApiFailure(400, "Invalid request", detail, errors);
  }

  /**
   * A request that goes over one of the operator's limits: 400, naming the field, the limit and the
   * setting that sets it.
   */
  public static ApiFailure overLimit(String field, String message) {
    return new ApiFailure(
        400, "Limit exceeded", field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static ApiFailure notFound(String what) {
    return new ApiFailure(404, "Not found", what + " does not exist", List.of());
  }

  public static ApiFailure forbidden(String detail) {
    return new ApiFailure(403, "Unauthorised", detail, List.of());
  }

  public static ApiFailure conflict(String detail) {
    return new ApiFailure(409, "Conflict", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
