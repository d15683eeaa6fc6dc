package dev.webhooks.api.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.StrictJson;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestShapeTest {
  enum Kind {
    NONE,
    BEARER
  }

  record Item(String id, Integer qty) {}

  record Sample(
      String name,
      Integer count,
      Long big,
      Double ratio,
      Boolean on,
      Kind kind,
      OffsetDateTime since,
      List<Item> items,
      Map<String, String> headers,
      JsonObject data,
      @JsonbProperty("target_url") String targetUrl) {}

  private static List<FieldError> check(String json) {
    return RequestShape.check(StrictJson.read(json, StrictJson.Limits.DEFAULT), Sample.class);
  }

  private static String only(String json) {
    List<FieldError> errors = check(json);
    assertEquals(1, errors.size(), errors.toString());
    return errors.get(0).field() + ": " + errors.get(0).message();
  }

  @Test
  void aWellTypedBodyPasses() {
    assertTrue(
        check(
                "{\"name\":\"a\",\"count\":3,\"big\":3000000000,\"ratio\":1.5,\"on\":true,"
                    + "\"kind\":\"BEARER\",\"since\":\"2026-01-01T00:00:00Z\","
                    + "\"items\":[{\"id\":\"x\",\"qty\":1}],\"headers\":{\"a\":\"b\"},"
                    + "\"data\":{\"any\":[1,{}]},\"target_url\":\"https://x\"}")
            .isEmpty());
    assertTrue(check("{\"name\":null,\"items\":null}").isEmpty(), "nulls are Validation's");
  }

  @Test
  void unknownFieldsAreRefusedByTheirJsonName() {
    assertTrue(only("{\"targetUrl\":\"x\"}").startsWith("targetUrl: is not a field"));
    assertTrue(
        only("{\"items\":[{\"id\":\"x\",\"extra\":1}]}").startsWith("items[0].extra: is not"));
  }

  @Test
  void silentConversionsAreRefused() {
    assertEquals("count: must be a whole number", only("{\"count\":1.5}"));
    assertEquals("count: must be a whole number", only("{\"count\":\"5\"}"));
    assertTrue(only("{\"count\":3000000000}").startsWith("count: must be between"));
    assertEquals("name: must be a string", only("{\"name\":5}"));
    assertEquals("on: must be true or false", only("{\"on\":\"true\"}"));
    assertEquals("kind: must be one of [NONE, BEARER]", only("{\"kind\":\"bearer\"}"));
    assertTrue(only("{\"since\":\"yesterday\"}").startsWith("since: must be an ISO-8601"));
    assertEquals("items: must be an array", only("{\"items\":{}}"));
    assertEquals("items[1]: must be an object", only("{\"items\":[{},3]}"));
    assertEquals("headers.a: must be a string", only("{\"headers\":{\"a\":1}}"));
    assertEquals("data: must be a JSON object", only("{\"data\":[1]}"));
  }

  @Test
  void theBodyItselfMustBeAnObject() {
    assertEquals("body: must be an object", only("[1]"));
  }

  @Test
  void aNulCharacterInAStringThatBecomesAColumnIsRefusedByName() {
    assertEquals(
        "name: must not contain the NUL character (U+0000)", only("{\"name\":\"a\\u0000b\"}"));
    assertEquals(
        "items[0].id: must not contain the NUL character (U+0000)",
        only("{\"items\":[{\"id\":\"\\u0000\"}]}"));
    assertEquals(
        "headers.a: must not contain the NUL character (U+0000)",
        only("{\"headers\":{\"a\":\"\\u0000\"}}"));
    assertEquals(
        "headers: keys must not contain the NUL character (U+0000)",
        only("{\"headers\":{\"a\\u0000\":\"b\"}}"));
    assertTrue(check("{\"data\":{\"kept\":\"a\\u0000b\"}}").isEmpty(), "JSON kept whole may");
  }
}
