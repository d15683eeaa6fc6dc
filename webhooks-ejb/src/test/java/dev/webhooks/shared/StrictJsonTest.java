package dev.webhooks.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {
  private static final StrictJson.Limits LIMITS = StrictJson.Limits.DEFAULT;

  private static FieldError refused(String json) {
    ApiFailure f = assertThrows(ApiFailure.class, () -> StrictJson.read(json, LIMITS));
    assertEquals(400, f.status());
    assertEquals(1, f.errors().size(), f.errors().toString());
    return f.errors().get(0);
  }

  @Test
  void readsOrdinaryJsonWithEveryKindOfValue() {
    JsonObject o =
        (JsonObject)
            StrictJson.read(
                "{\"a\":[1,2.5,-3e2,true,false,null,\"x\\u00e9\\ud83d\\ude00\"],\"b\":{\"c\":{}}}",
                LIMITS);
    assertEquals(7, o.getJsonArray("a").size());
    assertEquals("xé😀", o.getJsonArray("a").getString(6));
    assertEquals(-300, o.getJsonArray("a").getJsonNumber(2).intValue());
    assertTrue(o.getJsonObject("b").getJsonObject("c").isEmpty());
  }

  @Test
  void anEmptyBodyIsNoValue() {
    assertNull(StrictJson.read("  \n", LIMITS));
    assertNull(StrictJson.read(new byte[0], LIMITS));
  }

  @Test
  void nestingIsLimitedAndTheLimitIsNamed() {
    String ok = "[".repeat(64) + "]".repeat(64);
    StrictJson.read(ok, LIMITS);
    FieldError e = refused("[".repeat(65) + "]".repeat(65));
    assertTrue(e.message().contains("at most 64 levels"), e.message());
    // Far deeper than a thread's stack could follow by recursion.
    refused("[".repeat(5000) + "]".repeat(5000));
    FieldError inData = refused("{\"data\":" + "{\"x\":".repeat(70) + "1" + "}".repeat(71));
    assertTrue(inData.field().startsWith("data.x.x"), inData.field());
  }

  @Test
  void duplicateKeysAreRefusedAtAnyDepth() {
    assertEquals("a", refused("{\"a\":1,\"a\":2}").field());
    assertEquals(
        "data.items[1].id", refused("{\"data\":{\"items\":[{},{\"id\":1,\"id\":1}]}}").field());
  }

  @ParameterizedTest
  @CsvSource({
    "1"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000"
        + "0000000000, digits",
    "1e1001, exponent",
    "1e-1001, exponent",
    "1E+0000000000000000000001001, exponent",
  })
  void hugeNumbersAreRefused(String number, String says) {
    FieldError e = refused("{\"n\":" + number + "}");
    assertEquals("n", e.field());
    assertTrue(e.message().contains(says), e.message());
  }

  @Test
  void numbersWithinTheLimitsAreRead() {
    StrictJson.read("{\"n\":1e1000,\"m\":" + "9".repeat(100) + ",\"k\":1e0001}", LIMITS);
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] bad = "{\"a\":\"xx\"}".getBytes(StandardCharsets.UTF_8);
    bad[6] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    ApiFailure f = assertThrows(ApiFailure.class, () -> StrictJson.read(bad, LIMITS));
    assertEquals("body", f.errors().get(0).field());
    assertTrue(f.getMessage().contains("UTF-8"));
  }

  @Test
  void loneSurrogatesAreRefusedInValuesAndKeys() {
    assertEquals("a", refused("{\"a\":\"\\ud800\"}").field());
    assertEquals("a", refused("{\"a\":\"x\\udc00y\"}").field());
    assertTrue(refused("{\"\\ud800\":1}").message().contains("key"));
  }

  @Test
  void malformedAndTrailingInputIsRefused() {
    assertTrue(refused("{\"a\":").message().contains("not valid JSON"));
    assertTrue(refused("{} {}").message().contains("not valid JSON"));
    assertTrue(refused("{\"a\" 1}").message().contains("not valid JSON"));
  }
}
