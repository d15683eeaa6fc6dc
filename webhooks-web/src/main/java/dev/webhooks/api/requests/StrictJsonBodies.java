package dev.webhooks.api.requests;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.StrictJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Reads every JSON request body of every API style through {@link StrictJson}: limits on depth and
 * numbers, no duplicate keys, UTF-8 that decodes. Request records ({@link JsonRequest}) are then
 * checked against their components by {@link RequestShape} and bound with JSON-B; Jakarta
 * Validation runs after this, on the record. It takes precedence over the runtime's own JSON
 * readers (application-supplied providers win), so no body reaches a resource unchecked. The size
 * is already bounded by {@code BodySizeLimit}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class StrictJsonBodies implements MessageBodyReader<Object> {
  private static final Jsonb JSONB =
      JsonbBuilder.create(new JsonbConfig().setProperty("jsonb.fail-on-unknown-properties", true));

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonValue.class.isAssignableFrom(type) || JsonRequest.class.isAssignableFrom(type);
  }

  @Override
  public Object readFrom(
      Class<Object> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    JsonValue v = StrictJson.read(entityStream.readAllBytes(), StrictJson.Limits.DEFAULT);
    if (v == null) {
      return null; // no body: the operation (or @NotNull on its parameter) decides
    }
    if (JsonValue.class.isAssignableFrom(type)) {
      if (JsonObject.class.equals(type) && !(v instanceof JsonObject)) {
        throw shape("must be a JSON object");
      }
      if (JsonArray.class.equals(type) && !(v instanceof JsonArray)) {
        throw shape("must be a JSON array");
      }
      return v;
    }
    return bind(v, genericType);
  }

  /** A value checked against its request record, then bound to it. */
  public static <T> T bind(JsonValue v, Type type) {
    List<FieldError> errors = RequestShape.check(v, type);
    if (!errors.isEmpty()) {
      throw ApiFailure.invalid(errors);
    }
    return bindChecked(v, type);
  }

  /** A value that {@link RequestShape#check} passed, bound to its request record. */
  static <T> T bindChecked(JsonValue v, Type type) {
    try {
      return JSONB.fromJson(v.toString(), type);
    } catch (JsonbException e) {
      // The shape check passed, so this is a value JSON-B cannot take that the check does not know.
      throw shape("could not be read: " + e.getMessage());
    }
  }

  private static ApiFailure shape(String message) {
    return new ApiFailure(
        400, "Invalid request", "body: " + message, List.of(new FieldError("body", message)));
  }
}
