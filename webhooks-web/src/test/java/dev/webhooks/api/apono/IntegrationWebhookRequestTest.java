package dev.webhooks.api.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.api.requests.RequestShape;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.StrictJson;
import dev.webhooks.styles.apono.AponoConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrationWebhookRequestTest {
  private static List<String> fields(String json, Class<?> type) {
    return RequestShape.check(StrictJson.read(json, StrictJson.Limits.DEFAULT), type).stream()
        .map(FieldError::field)
        .toList();
  }

  @Test
  void aShownWebhookSentBackIsAcceptedAndUnknownFieldsAreNamed() {
    String shown =
        "{\"id\":\"ep_1\",\"name\":\"h\",\"active\":true,\"type\":\"HTTP Webhook\",\"method\":\"POST\","
            + "\"url\":\"https://x\",\"bodyTemplate\":\"{}\",\"authentication\":{\"type\":\"OAUTH\","
            + "\"clientId\":\"c\",\"clientSecret\":\"****\",\"tokenUrl\":\"https://t\",\"scopes\":[]},"
            + "\"filters\":{\"integrationIds\":[],\"integrationTypes\":[],\"statuses\":[\"ERROR\"]},"
            + "\"timeoutSeconds\":10,\"responseValidators\":[{\"jsonPath\":\"$.a\",\"expectedValues\":[\"b\"]}],"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
    assertEquals(List.of(), fields(shown, IntegrationWebhookRequest.class));
    assertEquals(
        List.of("authentication.password", "filters.tags", "responseValidators[0].op", "extra"),
        fields(
            "{\"authentication\":{\"type\":\"NONE\",\"password\":\"p\"},\"filters\":{\"tags\":[]},"
                + "\"responseValidators\":[{\"op\":1}],\"extra\":1}",
            IntegrationWebhookRequest.class));
    assertEquals(
        List.of("timeoutSeconds", "issues[0]"),
        fields("{\"timeoutSeconds\":1.5,\"issues\":[\"x\"]}", Combined.class));
  }

  /** Both records' shape rules, in one body for the test above. */
  record Combined(Integer timeoutSeconds, List<IntegrationStatusRequest.Issue> issues) {}

  @Test
  void theConfigurationTakesDefaultsAndMasksSecrets() {
    AponoConfig c =
        new IntegrationWebhookRequest(
                null,
                "h",
                null,
                null,
                "PUT",
                "https://x",
                null,
                new IntegrationWebhookRequest.Authentication(
                    "CUSTOM", null, null, null, null, null, Map.of("DD-API-KEY", "****"), null),
                new IntegrationWebhookRequest.Filters(List.of("db-1"), null, null),
                null,
                List.of(new IntegrationWebhookRequest.ResponseValidator("$.ok", List.of("true"))),
                null,
                null)
            .config();
    assertEquals("PUT", c.method());
    assertTrue(c.active());
    assertEquals(10, c.timeoutSeconds());
    assertEquals(List.of("db-1"), c.integrationIds());
    assertEquals(List.of("ERROR", "WARNING"), c.statuses());
    assertNull(c.auth().headers().get("DD-API-KEY"), "masked: keep the stored value");
    assertEquals("$.ok", c.validators().get(0).jsonPath());
  }

  @Test
  void engineChecksAreNamedByField() {
    ApiFailure f =
        assertThrows(
            ApiFailure.class,
            () ->
                new IntegrationWebhookRequest(
                        null,
                        "h",
                        null,
                        null,
                        null,
                        "https://x",
                        null,
                        new IntegrationWebhookRequest.Authentication(
                            "BEARER", null, null, null, null, null, null, null),
                        null,
                        null,
                        List.of(new IntegrationWebhookRequest.ResponseValidator("x", List.of("y"))),
                        null,
                        null)
                    .config());
    assertEquals(
        List.of("authentication.token", "responseValidators[0].jsonPath"),
        f.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void aStatusReportNamesABadIntegrationId() {
    ApiFailure f =
        assertThrows(
            ApiFailure.class,
            () -> new IntegrationStatusRequest("n", "t", "ERROR", null).report("a b"));
    assertEquals("integrationId", f.errors().get(0).field());
    assertEquals(
        "db-1",
        new IntegrationStatusRequest("n", "t", "ERROR", null).report("db-1").integrationId());
  }
}
