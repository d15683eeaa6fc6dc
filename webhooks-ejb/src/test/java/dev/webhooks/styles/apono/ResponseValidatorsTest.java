package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseValidatorsTest {
  @Test
  void passesWhenThePathYieldsAnExpectedValue() {
    var results =
        ResponseValidators.check(
            List.of(new ResponseValidators.Validator("$.data.status", List.of("ok", "accepted"))),
            "{\"data\":{\"status\":\"accepted\"}}");
    assertTrue(results.get(0).passed());
    assertNull(ResponseValidators.failure(results));
  }

  @Test
  void failsOnAnotherValueAMissingPathOrNoJson() {
    var v = List.of(new ResponseValidators.Validator("$.data.status", List.of("ok")));
    assertFalse(ResponseValidators.check(v, "{\"data\":{\"status\":\"queued\"}}").get(0).passed());
    assertFalse(ResponseValidators.check(v, "{\"other\":1}").get(0).passed());
    assertFalse(ResponseValidators.check(v, "not json").get(0).passed());
    assertTrue(
        ResponseValidators.failure(ResponseValidators.check(v, "{}")).contains("$.data.status"));
  }

  @Test
  void filtersMatchIdsTypesAndStatuses() {
    var filters =
        Json.createObjectBuilder()
            .add("integrationIds", Json.createArrayBuilder())
            .add("integrationTypes", Json.createArrayBuilder().add("mysql"))
            .add("statuses", Json.createArrayBuilder().add("ERROR"))
            .build();
    assertTrue(AponoConfig.passes(filters, "any", "mysql", "ERROR"));
    assertFalse(AponoConfig.passes(filters, "any", "postgresql", "ERROR"));
    assertFalse(AponoConfig.passes(filters, "any", "mysql", "WARNING"));
  }
}
