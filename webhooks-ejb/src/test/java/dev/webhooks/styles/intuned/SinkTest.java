package dev.webhooks.styles.intuned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkTest {
  @Test
  void normalizedIsTheTextRunsStoredBeforeSoSubscriptionKeysStayTheSame() {
    Sink s = new Sink("https://example.com/s", Map.of("X-Sink", "s1"), null, null, null, null);
    assertEquals(
        "{\"type\":\"webhook\",\"url\":\"https://example.com/s\",\"skipOnFail\":false,"
            + "\"retry\":3,\"timeout\":5000,\"headers\":{\"X-Sink\":\"s1\"}}",
        s.normalized().toString());
    Sink all = new Sink("https://example.com/s", null, true, List.of("list"), 5, 100);
    assertEquals(
        "{\"type\":\"webhook\",\"url\":\"https://example.com/s\",\"skipOnFail\":true,"
            + "\"retry\":5,\"timeout\":100,\"headers\":{},\"apisToSend\":[\"list\"]}",
        all.normalized().toString());
  }

  @Test
  void headersAreWrittenInOneOrderWhateverTheMapsOrder() {
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("B", "2");
    ba.put("A", "1");
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    assertEquals(
        new Sink("u", ba, null, null, null, null).normalized().toString(),
        new Sink("u", ab, null, null, null, null).normalized().toString());
  }

  @Test
  void storedSinksReadBackAsGivenOrNormalized() {
    Sink given = new Sink("https://example.com/s", Map.of("A", "1"), false, null, 2, null);
    assertEquals(given, Sink.stored(given.asGiven()));
    assertEquals(given.normalized(), Sink.stored(given.normalized().toString()).normalized());
    Sink raw = Sink.stored("{\"type\":\"webhook\",\"url\":\"https://example.com/s\"}");
    assertEquals(3, raw.effectiveRetry());
    assertEquals(5000, raw.effectiveTimeoutMillis());
    assertNull(raw.headers());
    assertNull(Sink.stored((String) null));
  }

  @Test
  void skipOnFailAndApisToSendChooseWhatIsSent() {
    Sink every = new Sink("u", null, null, null, null, null);
    assertTrue(every.wants("list", false));
    Sink skip = new Sink("u", null, true, List.of("list"), null, null);
    assertTrue(skip.wants("list", true));
    assertFalse(skip.wants("list", false));
    assertFalse(skip.wants("details", true));
  }
}
