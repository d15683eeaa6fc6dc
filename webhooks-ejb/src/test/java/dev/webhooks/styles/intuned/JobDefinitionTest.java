package dev.webhooks.styles.intuned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobDefinitionTest {
  /** A definition as the API stored it before: the body as submitted. */
  static final String SUBMITTED =
      "{\"id\":\"nightly-crawl\",\"payload\":[{\"apiName\":\"list\",\"parameters\":{\"page\":1}},"
          + "{\"apiName\":\"details\",\"retry\":{\"maximumAttempts\":4},\"requestTimeout\":30}],"
          + "\"configuration\":{\"retry\":{\"maximumAttempts\":2},\"maxConcurrentRequests\":1},"
          + "\"sink\":{\"type\":\"webhook\",\"url\":\"https://example.com/s\",\"retry\":5},"
          + "\"schedule\":{\"intervals\":[{\"every\":\"PT2S\"},{\"every\":\"P1D\"}]}}";

  @Test
  void aStoredDefinitionReadsAsTypedValuesWithItsDefaults() {
    JobDefinition d = JobDefinition.stored(SUBMITTED);
    assertEquals("nightly-crawl", d.id());
    assertEquals(2, d.payload().size());
    JobDefinition.Call list = d.payload().get(0);
    assertEquals("list", list.apiName());
    assertEquals(1, list.parameters().getInt("page"));
    assertNull(list.maximumAttempts());
    assertEquals(4, d.payload().get(1).maximumAttempts());
    assertEquals(30, d.payload().get(1).requestTimeout());
    assertEquals(2, d.defaultAttempts());
    assertEquals(IntunedRuns.DEFAULT_REQUEST_TIMEOUT, d.defaultRequestTimeout());
    assertEquals(1, d.maxConcurrentRequests());
    assertEquals(5, d.sink().effectiveRetry());
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofDays(1)), d.intervals());
  }

  @Test
  void withoutConfigurationTheDefaultsAreIntuneds() {
    JobDefinition d =
        JobDefinition.stored("{\"id\":\"manual-job\",\"payload\":[{\"apiName\":\"list\"}]}");
    assertEquals(1, d.defaultAttempts());
    assertEquals(600, d.defaultRequestTimeout());
    assertEquals(10, d.maxConcurrentRequests());
    assertNull(d.sink());
    assertTrue(d.intervals().isEmpty());
  }

  @Test
  void whatIsStoredIsWhatWasSubmitted() {
    JobDefinition d = JobDefinition.stored(SUBMITTED);
    String expected =
        SUBMITTED.replace("\"P1D\"", "\"PT24H\""); // java.time writes a day as 24 hours
    assertEquals(JsonText.parseObject(expected), d.toJson());
    assertEquals(d, JobDefinition.stored(d.toJson().toString()));
    assertEquals("other-id", JobDefinition.stored(d.withId("other-id").toJson().toString()).id());
  }

  @Test
  void callsMustNameTheProjectsApisAndIntervalsBeASecondAtLeast() {
    JobDefinition d =
        new JobDefinition(
            "some-job",
            List.of(
                new JobDefinition.Call("list", null, null, null),
                new JobDefinition.Call("nope", Jsonp.PROVIDER.createObjectBuilder().build(), 1, 1)),
            null,
            null,
            List.of(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(-5)));
    Validation v = new Validation();
    d.check(Set.of("list", "details"), Duration.ofSeconds(1), v);
    ApiFailure e = assertThrows(ApiFailure.class, v::throwIfInvalid);
    assertEquals(
        List.of("payload[1].apiName", "schedule.intervals[1].every", "schedule.intervals[2].every"),
        e.errors().stream().map(f -> f.field()).toList());
    assertEquals(List.of(Duration.ofSeconds(1)), d.intervals());
  }

  @Test
  void intervalsAreAtLeastTheMinimumAndAtMostTenCallsAtMostAHundred() {
    List<JobDefinition.Call> calls = new java.util.ArrayList<>();
    for (int i = 0; i < JobDefinition.MAX_CALLS + 1; i++) {
      calls.add(new JobDefinition.Call("list", null, null, null));
    }
    List<Duration> intervals = new java.util.ArrayList<>();
    for (int i = 0; i < JobDefinition.MAX_INTERVALS + 1; i++) {
      intervals.add(Duration.ofMinutes(1 + i));
    }
    intervals.set(0, Duration.ofSeconds(59));
    JobDefinition d = new JobDefinition("busy-job", calls, null, null, intervals);
    Validation v = new Validation();
    d.check(Set.of("list"), Duration.ofSeconds(60), v);
    ApiFailure e = assertThrows(ApiFailure.class, v::throwIfInvalid);
    assertEquals(
        List.of("payload", "schedule.intervals", "schedule.intervals[0].every"),
        e.errors().stream().map(f -> f.field()).toList());
    assertTrue(
        e.errors().get(2).message().contains("WEBHOOKS_INTUNED_MIN_INTERVAL"),
        e.errors().get(2).message());
  }
}
