package dev.webhooks.shared;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors while a request is checked, then fails once with all of them. */
public final class Validation {
  private final List<FieldError> errors = new ArrayList<>();

  public Validation require(boolean ok, String field, String message) {
    if (!ok) {
      errors.add(new FieldError(field, message));
    }
    return this;
  }

  public Validation add(String field, String message) {
    errors.add(new FieldError(field, message));
    return this;
  }

  /** The errors found so far. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw ApiFailure.invalid(errors);
    }
  }
}
