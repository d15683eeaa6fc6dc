package dev.webhooks.styles.apono;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks a 2xx response body against JSONPath validators: each must yield one of its expected
 * values.
 */
public final class ResponseValidators {
  private ResponseValidators() {}

  /** One validator as configured. */
  public record Validator(String jsonPath, List<String> expectedValues) {}

  /** One validator's verdict on a response. */
  public record Result(
      String jsonPath, List<String> expectedValues, List<String> actual, boolean passed) {}

  public static List<Result> check(List<Validator> validators, String body) {
    List<Result> out = new ArrayList<>();
    for (Validator v : validators) {
      List<String> actual = new ArrayList<>();
      try {
        Object found = JsonPath.read(body == null ? "" : body, v.jsonPath());
        if (found instanceof Collection<?> c) {
          c.forEach(x -> actual.add(String.valueOf(x)));
        } else {
          actual.add(String.valueOf(found));
        }
      } catch (PathNotFoundException e) {
        // nothing found: fails below
      } catch (RuntimeException e) {
        actual.add("<response is not JSON>");
      }
      boolean passed = actual.stream().anyMatch(v.expectedValues()::contains);
      out.add(new Result(v.jsonPath(), v.expectedValues(), actual, passed));
    }
    return out;
  }

  /** The reason the response fails, or null if every validator passes. */
  public static String failure(List<Result> results) {
    for (Result r : results) {
      if (!r.passed()) {
        return "response validator "
            + r.jsonPath()
            + " expected one of "
            + r.expectedValues()
            + " but found "
            + r.actual();
      }
    }
    return null;
  }

  /** Whether the path compiles. */
  public static boolean isValidPath(String path) {
    try {
      JsonPath.compile(path);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
