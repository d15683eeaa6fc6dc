package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BodyTemplatesTest {
  static final String MODEL =
      "{\"event_type\":\"IntegrationStatusChanged\",\"data\":{\"name\":\"a \\\"b\\\" <c> \\\\ d\","
          + "\"issues\":[{\"message\":\"m1\"},{\"message\":\"m2\"}]}}";

  @Test
  void insertedValuesAreJsonEscapedNotHtmlEscaped() {
    assertEquals(
        "{\"n\": \"a \\\"b\\\" <c> \\\\ d\"}",
        BodyTemplates.render("{\"n\": \"{{data.name}}\"}", MODEL));
  }

  @Test
  void jsonHelperWritesRawJson() {
    assertEquals(
        "[{\"message\":\"m1\"},{\"message\":\"m2\"}]",
        BodyTemplates.render("{{json data.issues}}", MODEL));
  }

  @Test
  void eachIterates() {
    assertEquals(
        "[\"m1\",\"m2\"]",
        BodyTemplates.render(
            "[{{#each data.issues}}{{#if @index}},{{/if}}\"{{message}}\"{{/each}}]", MODEL));
  }

  @Test
  void invalidJsonIsReportedWithItsPlace() {
    var why = BodyTemplates.invalidJson("{\"n\": {{data.name}} }", MODEL);
    assertTrue(why.isPresent());
    assertTrue(why.get().contains("line 1"), why.get());
    assertTrue(
        BodyTemplates.invalidJson(
                AponoConfig.DEFAULT_TEMPLATE, IntegrationStates.sample().toString())
            .isEmpty());
  }
}
