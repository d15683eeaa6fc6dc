package dev.webhooks.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** Parses what a receiver got. */
public final class JsonBodies {
  private JsonBodies() {}

  public static JsonObject object(String text) {
    try (var r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }
}
