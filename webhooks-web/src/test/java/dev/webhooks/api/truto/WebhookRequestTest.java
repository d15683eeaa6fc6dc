package dev.webhooks.api.truto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.api.requests.RequestShape;
import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.StrictJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
  private static List<String> fields(String json, Class<?> type) {
    return RequestShape.check(StrictJson.read(json, StrictJson.Limits.DEFAULT), type).stream()
        .map(FieldError::field)
        .toList();
  }

  @Test
  void trutosSnakeCaseNamesAreTheFieldsAndNoOthers() {
    assertEquals(
        List.of(),
        fields(
            "{\"target_url\":\"https://example.com/w\",\"is_active\":true,"
                + "\"event_types\":[\"record:created\"]}",
            WebhookRequest.class));
    assertEquals(
        List.of("targetUrl", "is_active", "event_types[0]"),
        fields(
            "{\"targetUrl\":\"u\",\"is_active\":\"yes\",\"event_types\":[1]}",
            WebhookRequest.class));
    assertEquals(List.of("id"), fields("{\"id\":7}", TestRequest.class));
  }
}
