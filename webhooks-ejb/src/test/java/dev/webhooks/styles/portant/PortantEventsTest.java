package dev.webhooks.styles.portant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.StrictJson;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortantEventsTest {
  private static JsonObject json(String text) {
    return (JsonObject) StrictJson.read(text, StrictJson.Limits.DEFAULT);
  }

  private static final JsonObject DOCS =
      json(
          "{\"documents\":[{\"id\":\"d1\",\"url\":\"https://d/1\",\"name\":\"Offer\","
              + "\"mimetype\":\"application/pdf\"}]}");

  @Test
  void documentsCreatedItemsMustListTheirDocuments() {
    Validation v = new Validation();
    PortantEvents.checkItems(
        PortantEvents.DOCUMENTS_CREATED,
        List.of(
            DOCS,
            json("{}"),
            json(
                "{\"documents\":[{\"id\":\"1\",\"url\":\"u\",\"name\":\"\",\"mimetype\":\"text/plain\"}, 5]}")),
        v);
    String errors = assertThrows(ApiFailure.class, v::throwIfInvalid).getMessage();
    assertTrue(!errors.contains("items[0]"), errors);
    assertTrue(errors.contains("items[1].documents"), errors);
    assertTrue(errors.contains("items[2].documents[0].name"), errors);
    assertTrue(errors.contains("items[2].documents[0].mimetype"), errors);
    assertTrue(errors.contains("items[2].documents[1]"), errors);
  }

  @Test
  void otherEventTypesTakeAnyObject() {
    Validation v = new Validation();
    PortantEvents.checkItems(PortantEvents.EMAILS_CREATED, List.of(json("{\"to\":\"a@b\"}")), v);
    assertTrue(v.ok());
  }

  @Test
  void idsHaveTheirFormats() {
    for (int i = 0; i < 1000; i++) {
      String id = PortantEvents.newWebhookId();
      assertTrue(id.matches("owc_[A-Za-z0-9]{14}"), "letters and digits only, as the seed: " + id);
    }
    assertEquals(48, PortantEvents.newEventId().length());
  }
}
