package dev.webhooks.styles.apono;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks a 2xx response body against JSONPath validators: each must yield one of its expected
 * values.
 *
 * <p>The paths are a tenant's and the body its receiver's, so both are bounded: at most {@value
 * #MAX_VALIDATORS} validators, paths of at most {@value #MAX_PATH} characters with at most one deep
 * scan ({@code ..}) and without regular expression filters ({@code =~}, whose backtracking can take
 * exponential time): refused at save, and failing the attempt if one was stored before. A body
 * longer than {@value #MAX_BODY_BYTES} characters (what the client keeps) is not examined.
 */
public final class ResponseValidators {
  private ResponseValidators() {}

  /** Validators of one webhook at most. */
  public static final int MAX_VALIDATORS = 10;

  /** Characters of one path at most. */
  public static final int MAX_PATH = 500;

  /** Characters of a response body the validators examine at most (what the client keeps). */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * Deep scans ({@code ..}) in one path at most: one visits every node of the body once, a second
   * inside a filter visits them all again for each.
   */
  public static final int MAX_DEEP_SCANS = 1;

  /** A regular-expression filter, outside quoted strings. */
  private static final String REGEX_FILTER = "=~";

  /** One validator as configured. */
  public record Validator(String jsonPath, List<String> expectedValues) {}

  /** One validator's verdict on a response. */
  public record Result(
      String jsonPath, List<String> expectedValues, List<String> actual, boolean passed) {}

  public static List<Result> check(List<Validator> validators, String body) {
    List<Result> out = new ArrayList<>();
    int n = 0;
    for (Validator v : validators) {
      List<String> actual = new ArrayList<>();
      Optional<String> refused = refusal(v.jsonPath());
      if (refused.isPresent() || ++n > MAX_VALIDATORS) {
        actual.add(
            "<not evaluated: "
                + refused.orElse("more than " + MAX_VALIDATORS + " validators")
                + ">");
        out.add(new Result(v.jsonPath(), v.expectedValues(), actual, false));
        continue;
      }
      if (body != null && body.length() > MAX_BODY_BYTES) {
        actual.add("<response body longer than " + MAX_BODY_BYTES + " characters: not examined>");
        out.add(new Result(v.jsonPath(), v.expectedValues(), actual, false));
        continue;
      }
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

  /**
   * Why a path is refused whatever it would find: too long, or a regular-expression filter outside
   * a quoted string; empty if it is not.
   */
  public static Optional<String> refusal(String path) {
    if (path == null) {
      return Optional.empty();
    }
    if (path.length() > MAX_PATH) {
      return Optional.of("longer than " + MAX_PATH + " characters");
    }
    char quote = 0;
    int deepScans = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (path.startsWith("..", i) && ++deepScans > MAX_DEEP_SCANS) {
        return Optional.of("at most " + MAX_DEEP_SCANS + " deep scan (..) in a path");
      } else if (path.startsWith("..", i)) {
        i++;
      } else if (path.startsWith(REGEX_FILTER, i)) {
        return Optional.of(
            "regular expression filters (=~) are not supported: their matching can take"
                + " exponential time");
      }
    }
    return Optional.empty();
  }
}
