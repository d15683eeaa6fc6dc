package dev.webhooks.api.requests;

import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;

/**
 * Reads one element of a larger body (an event of a batch) into its request record by the same
 * rules as a whole body: shape check, JSON-B, Jakarta Validation. Problems are added to {@code v}
 * under {@code prefix} ({@code events[3].type}), so that all of a batch's are reported at once.
 */
@ApplicationScoped
public class RequestRecords {
  @Inject Validator validator;

  /** The record, or null when it has problems (they are in {@code v}). */
  public <T extends JsonRequest> T read(
      JsonValue value, Class<T> type, String prefix, Validation v) {
    List<FieldError> shape = RequestShape.check(value, type);
    if (!shape.isEmpty()) {
      shape.forEach(e -> v.add(join(prefix, e.field()), e.message()));
      return null;
    }
    T record = StrictJsonBodies.bindChecked(value, type);
    boolean ok = true;
    for (ConstraintViolation<T> violation : validator.validate(record)) {
      v.add(join(prefix, ConstraintViolationMapper.field(violation)), violation.getMessage());
      ok = false;
    }
    return ok ? record : null;
  }

  private static String join(String prefix, String field) {
    if (prefix.isEmpty()) {
      return field;
    }
    if (field.equals("body")) {
      return prefix;
    }
    return field.startsWith("[") ? prefix + field : prefix + "." + field;
  }
}
