package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.shared.StrictJson;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationStatesTest {
  @Test
  void aReportKeepsEachIssueWithEmptyTextForWhatIsMissing() {
    Validation v = new Validation();
    IntegrationStates.Report r =
        IntegrationStates.report(
            "db-1",
            "DB",
            "postgresql",
            "ERROR",
            List.of(new IntegrationStates.Issue("ERROR", null)),
            v);
    assertTrue(v.ok());
    assertEquals("[{\"status\":\"ERROR\",\"message\":\"\"}]", r.issues().toString());
    assertEquals(
        "[]", IntegrationStates.report("db-1", "n", "t", "ACTIVE", null, v).issues().toString());
  }

  @Test
  void theIntegrationIdIsChecked() {
    Validation v = new Validation();
    IntegrationStates.report("a/b", "n", "t", "ACTIVE", null, v);
    assertFalse(v.ok());
  }

  @Test
  void dataFromTheGenericIngestIsCheckedFieldByField() {
    Validation v = new Validation();
    JsonObject data =
        (JsonObject)
            StrictJson.read(
                "{\"integrationId\":\"db-2\",\"name\":\"DB\",\"type\":\"mysql\",\"status\":\"NOPE\","
                    + "\"issues\":[{\"status\":\"ERROR\",\"message\":\"m\"}]}",
                StrictJson.Limits.DEFAULT);
    IntegrationStates.Report r = IntegrationStates.read(data, v);
    assertEquals("db-2", r.integrationId());
    assertFalse(v.ok(), "status NOPE");
    Validation missing = new Validation();
    IntegrationStates.read(JsonObject.EMPTY_JSON_OBJECT, missing);
    assertFalse(missing.ok());
  }
}
