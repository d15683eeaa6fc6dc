package dev.webhooks.api.requests;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.StrictJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
 * numbers, no duplicate keys, UTF-8 that decodes. It takes precedence over the runtime's own JSON
 * readers (application-supplied providers win), so no body reaches a resource unchecked. The size
 * is already bounded by {@code BodySizeLimit}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class StrictJsonBodies implements MessageBodyReader<JsonValue> {

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonValue.class.isAssignableFrom(type);
  }

  @Override
  public JsonValue readFrom(
      Class<JsonValue> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    JsonValue v = StrictJson.read(entityStream.readAllBytes(), StrictJson.Limits.DEFAULT);
    if (v == null) {
      return null; // no body: the operation decides whether it needs one
    }
    if (JsonObject.class.equals(type) && !(v instanceof JsonObject)) {
      throw shape("must be a JSON object");
    }
    if (JsonArray.class.equals(type) && !(v instanceof JsonArray)) {
      throw shape("must be a JSON array");
    }
    return v;
  }

  private static ApiFailure shape(String message) {
    return new ApiFailure(
        400, "Invalid request", "body: " + message, List.of(new FieldError("body", message)));
  }
}
