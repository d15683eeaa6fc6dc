package dev.webhooks.api.requests;

import dev.webhooks.api.problems.Problem;
import dev.webhooks.shared.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Jakarta Validation's violations of a request record as the problem+json field errors every other
 * bad input gets: each field named as the client wrote it in JSON ({@code items[3].id}, {@code
 * target_url}), with the constraint's message.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {
  @Override
  public Response toResponse(ConstraintViolationException e) {
    List<FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      errors.add(new FieldError(field(v), v.getMessage()));
    }
    errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
    String detail =
        errors.stream()
            .map(f -> f.field() + ": " + f.message())
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid request");
    return Problem.response(400, "Invalid request", detail, errors);
  }

  /**
   * The JSON path of a violation on a resource method's body parameter, or on a request record
   * validated directly.
   */
  public static String field(ConstraintViolation<?> v) {
    StringBuilder out = new StringBuilder();
    Class<?> root = v.getRootBeanClass();
    // A bean validated directly (not as a method parameter) is its own starting point.
    Type current = root != null && root.isRecord() ? root : null;
    String method = null;
    for (Path.Node node : v.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD) {
        method = node.getName();
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER) {
        int index = node.as(Path.ParameterNode.class).getParameterIndex();
        current = parameterType(root, method, index);
        continue;
      }
      if (node.isInIterable()) {
        if (node.getIndex() != null) {
          out.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          out.append('.').append(node.getKey());
        }
        current = element(current);
      }
      if (node.getKind() == ElementKind.PROPERTY) {
        String name = node.getName();
        Class<?> c = RequestShape.fieldsOwner(current);
        if (c != null) {
          for (RecordComponent rc : c.getRecordComponents()) {
            if (rc.getName().equals(name)) {
              name = RequestShape.jsonName(rc);
              current = rc.getGenericType();
              break;
            }
          }
        }
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name);
      }
    }
    return out.length() == 0 ? "body" : out.toString();
  }

  private static Type parameterType(Class<?> root, String method, int index) {
    if (root == null || method == null) {
      return null;
    }
    for (Method m : root.getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() > index) {
        return m.getGenericParameterTypes()[index];
      }
    }
    return null;
  }

  private static Type element(Type container) {
    if (container instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      return args[args.length - 1];
    }
    return null;
  }
}
