package dev.webhooks.api.intuned;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.api.requests.RequestShape;
import dev.webhooks.shared.FieldError;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.StrictJson;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Intuned request records: what the vendor documents is accepted, nothing else. */
class IntunedRequestsTest {
  private static List<String> fields(String json, Type type) {
    return RequestShape.check(StrictJson.read(json, StrictJson.Limits.DEFAULT), type).stream()
        .map(FieldError::field)
        .toList();
  }

  @Test
  void everyDocumentedRunFieldIsAccepted() {
    assertEquals(
        List.of(),
        fields(
            "{\"api\":\"list\",\"parameters\":{\"a\":[1]},\"retry\":{\"maximumAttempts\":3},"
                + "\"requestTimeout\":600,\"proxy\":\"http://u:p@proxy:8080\",\"saveTrace\":false,"
                + "\"authSession\":{\"id\":\"auth-session-123\"},\"sink\":{\"type\":\"webhook\","
                + "\"url\":\"https://example.com/w\",\"headers\":{\"A\":\"b\"},\"skipOnFail\":true,"
                + "\"apisToSend\":[\"list\"],\"retry\":3,\"timeout\":5000}}",
            RunRequest.class));
  }

  @Test
  void unknownFieldsAreRefusedWhereTheyAre() {
    assertEquals(
        List.of("foo", "retry.attempts", "sink.bucket"),
        fields(
            "{\"api\":\"list\",\"foo\":1,\"retry\":{\"attempts\":2},"
                + "\"sink\":{\"type\":\"webhook\",\"url\":\"u\",\"bucket\":\"b\"}}",
            RunRequest.class));
    assertEquals(
        List.of("apis.list.method"),
        fields("{\"apis\":{\"list\":{\"url\":\"u\",\"method\":\"GET\"}}}", ProjectRequest.class));
  }

  @Test
  void everyDocumentedJobFieldIsAcceptedAndAWrongDurationNamed() {
    assertEquals(
        List.of(),
        fields(
            "{\"id\":\"nightly-crawl\",\"payload\":[{\"apiName\":\"list\",\"parameters\":{},"
                + "\"retry\":{\"maximumAttempts\":2},\"requestTimeout\":60}],"
                + "\"configuration\":{\"retry\":{\"maximumAttempts\":3},\"maxConcurrentRequests\":5,"
                + "\"requestTimeout\":600},\"sink\":{\"type\":\"webhook\",\"url\":\"u\"},"
                + "\"schedule\":{\"intervals\":[{\"every\":\"PT1H\"}],\"calendars\":[],\"jitter\":1},"
                + "\"proxy\":\"http://proxy:8080\",\"auth_session\":{\"id\":\"auth-session-123\"}}",
            JobRequest.class));
    assertEquals(
        List.of("payload[0].api", "schedule.intervals[0].every"),
        fields(
            "{\"id\":\"long-enough\",\"payload\":[{\"api\":\"list\"}],"
                + "\"schedule\":{\"intervals\":[{\"every\":\"soon\"}]}}",
            JobRequest.class));
  }

  @Test
  void aJobRequestIsTheEnginesDefinition() {
    JobRequest r =
        new JobRequest(
            "nightly-crawl",
            List.of(
                new JobRequest.Call(
                    "list", JsonText.parseObject("{\"page\":1}"), new RetryRequest(2), 30)),
            new JobRequest.Configuration(new RetryRequest(3), 4, null),
            new SinkRequest("webhook", "https://example.com/s", null, null, null, 5, null),
            new JobRequest.Schedule(
                List.of(new JobRequest.Interval(Duration.ofHours(1))), null, null),
            "http://proxy:8080",
            null);
    assertEquals(
        JsonText.parseObject(
            "{\"id\":\"nightly-crawl\",\"payload\":[{\"apiName\":\"list\",\"parameters\":{\"page\":1},"
                + "\"retry\":{\"maximumAttempts\":2},\"requestTimeout\":30}],"
                + "\"configuration\":{\"retry\":{\"maximumAttempts\":3},\"maxConcurrentRequests\":4},"
                + "\"sink\":{\"type\":\"webhook\",\"url\":\"https://example.com/s\",\"retry\":5},"
                + "\"schedule\":{\"intervals\":[{\"every\":\"PT1H\"}]}}"),
        r.definition().toJson());
  }
}
