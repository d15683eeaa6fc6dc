package dev.webhooks.api.portant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.api.requests.RequestShape;
import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.StrictJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortantRequestsTest {
  private static List<FieldError> check(String json, Class<?> type) {
    return RequestShape.check(StrictJson.read(json, StrictJson.Limits.DEFAULT), type);
  }

  @Test
  void theShownWebhookIsAcceptedBackAndOtherFieldsAreNamed() {
    assertEquals(
        List.of(),
        check(
            "{\"id\":\"owc_XY1Ys4gqrpX8cp\",\"webhookUrl\":\"https://x\",\"active\":true}",
            OutgoingWebhookRequest.class));
    assertEquals(
        List.of("url", "active"),
        check("{\"url\":\"https://x\",\"active\":\"yes\"}", OutgoingWebhookRequest.class).stream()
            .map(FieldError::field)
            .toList());
  }

  @Test
  void eventsUseSnakeCaseAndItemsMustBeObjects() {
    assertEquals(
        List.of(),
        check(
            "{\"event_type\":\"EMAILS_CREATED\",\"items\":[{\"a\":{\"b\":[1]}}]}",
            WorkflowEventsRequest.class));
    List<FieldError> errors =
        check("{\"eventType\":\"X\",\"items\":[{}, 5, []]}", WorkflowEventsRequest.class);
    assertEquals(
        List.of("eventType", "items[1]", "items[2]"),
        errors.stream().map(FieldError::field).toList());
    assertEquals("must be a JSON object", errors.get(1).message());
  }
}
