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

  @Test
  void regularExpressionFiltersAreRefusedOutsideQuotesOnly() {
    String evil = "$.items[?(@.name =~ /(a+)+$/)].id";
    assertTrue(ResponseValidators.refusal(evil).orElseThrow().contains("=~"));
    assertTrue(ResponseValidators.refusal("$.a[?(@.b=~/x/)]").isPresent(), "without spaces");
    assertTrue(ResponseValidators.refusal("$.a[?(@.b == '=~')]").isEmpty(), "inside quotes");
    assertTrue(ResponseValidators.refusal("$['=~']").isEmpty());
    assertTrue(ResponseValidators.refusal("$." + "a".repeat(600)).isPresent(), "too long");
    assertTrue(ResponseValidators.refusal("$..status").isEmpty());
    assertTrue(ResponseValidators.refusal("$..a[?(@..b)]").orElseThrow().contains("deep scan"));
    // A path stored before the rule fails its check without being evaluated.
    var results =
        ResponseValidators.check(
            List.of(new ResponseValidators.Validator(evil, List.of("1"))),
            "{\"items\":[{\"name\":\"" + "a".repeat(40) + "!\",\"id\":1}]}");
    assertTrue(!results.get(0).passed());
    assertTrue(results.get(0).actual().get(0).contains("not evaluated"), results.toString());
  }

  @Test
  void atMostTenValidatorsAreEvaluatedAndABodyOverTheCapIsNotExamined() {
    List<ResponseValidators.Validator> many = new java.util.ArrayList<>();
    for (int i = 0; i < 11; i++) {
      many.add(new ResponseValidators.Validator("$.ok", List.of("true")));
    }
    var results = ResponseValidators.check(many, "{\"ok\":true}");
    assertTrue(results.subList(0, 10).stream().allMatch(ResponseValidators.Result::passed));
    assertTrue(!results.get(10).passed(), "the eleventh is not evaluated");
    String big = "{\"ok\":true,\"pad\":\"" + "x".repeat(70_000) + "\"}";
    var bigResult =
        ResponseValidators.check(
            List.of(new ResponseValidators.Validator("$.ok", List.of("true"))), big);
    assertTrue(!bigResult.get(0).passed());
    assertTrue(bigResult.get(0).actual().get(0).contains("not examined"));
  }
}
