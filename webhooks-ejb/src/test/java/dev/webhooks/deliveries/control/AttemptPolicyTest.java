package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webhooks.deliveries.control.AttemptPolicy.Decision;
import dev.webhooks.deliveries.control.AttemptPolicy.DeliveryState;
import dev.webhooks.deliveries.control.AttemptPolicy.DisableCause;
import dev.webhooks.deliveries.control.AttemptPolicy.EndpointHealth;
import dev.webhooks.deliveries.control.AttemptPolicy.Limits;
import dev.webhooks.deliveries.control.AttemptPolicy.StyleRules;
import dev.webhooks.deliveries.control.AttemptPolicy.Verdict;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The attempt-outcome policy, one row per rule: outcome and state in, decision out. */
class AttemptPolicyTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  /** The first attempt of a delivery whose retries are planned (its window of 30 s starts here). */
  static final Instant FIRST = NOW.minusSeconds(1);

  static final Limits LIMITS = new Limits(10, Duration.ofSeconds(30), 1.0);
  static final Limits SCALED = new Limits(10, Duration.ofSeconds(30), 0.01);
  static final RetryPolicy TEN_TWENTY = RetryPolicy.ofDelays(List.of(10.0, 20.0), 0);
  static final RetryPolicy TRUTO = RetryPolicy.ofDelays(List.of(2.0, 4.0, 8.0), 0);
  static final RetryPolicy INTUNED_SINK = RetryPolicy.exponential(10, 2, 120, 33, 3600.0);
  static final StyleRules NATIVE =
      new StyleRules(DeliveryStyle.Gone.ENDPOINT_GONE, Optional.of(Duration.ofDays(5)));
  static final StyleRules SINK = new StyleRules(DeliveryStyle.Gone.ANY_FAILURE, Optional.empty());
  static final StyleRules REFUSING =
      new StyleRules(DeliveryStyle.Gone.DELIVERY_REFUSED, Optional.empty());
  static final EndpointHealth HEALTHY = new EndpointHealth(0, null, true);

  static HttpOutcome status(int code, Map<String, String> headers) {
    return new HttpOutcome(NOW, 5, code, headers, "", null);
  }

  static HttpOutcome status(int code) {
    return status(code, Map.of());
  }

  static HttpOutcome error(String why) {
    return HttpOutcome.failure(
        NOW, 5, why.startsWith("timed out") ? FailureKind.TIMEOUT : FailureKind.CONNECTION, why);
  }

  static DeliveryState attempts(int n) {
    return new DeliveryState(n, null, FIRST);
  }

  /** One row: what goes in, and the decision expected. */
  record Row(
      String name,
      boolean succeeded,
      HttpOutcome outcome,
      DeliveryState delivery,
      EndpointHealth health,
      RetryPolicy policy,
      StyleRules style,
      Limits limits,
      Verdict verdict,
      Instant retryAt,
      Instant breakerUntil,
      DisableCause disabled) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Row row(
      String name,
      boolean ok,
      HttpOutcome o,
      DeliveryState d,
      EndpointHealth h,
      RetryPolicy p,
      StyleRules s,
      Limits l,
      Verdict v,
      Instant retryAt,
      Instant breaker,
      DisableCause disabled) {
    return new Row(name, ok, o, d, h, p, s, l, v, retryAt, breaker, disabled);
  }

  static Stream<Arguments> rows() {
    String httpDate =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(15).atZone(ZoneOffset.UTC));
    Instant in10 = NOW.plusSeconds(10);
    return Stream.of(
            row(
                "2xx succeeds",
                true,
                status(204),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.SUCCEED,
                null,
                null,
                null),
            row(
                "3xx is a failure, retried",
                false,
                status(302),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "4xx is retried",
                false,
                status(400),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "5xx second retry",
                false,
                status(500),
                attempts(2),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(20),
                null,
                null),
            row(
                "5xx after the last attempt fails",
                false,
                status(500),
                attempts(3),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null),
            row(
                "410 disables the endpoint and holds",
                false,
                status(410),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.HOLD,
                null,
                null,
                DisableCause.GONE),
            row(
                "410 from an Intuned sink is retried like any failure, nothing disabled",
                false,
                status(410),
                attempts(4),
                HEALTHY,
                INTUNED_SINK,
                SINK,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(80),
                null,
                null),
            row(
                "410 from an Intuned sink past its policy fails that delivery only",
                false,
                status(410),
                new DeliveryState(20, null, NOW.minusSeconds(3500)),
                HEALTHY,
                INTUNED_SINK,
                SINK,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null),
            row(
                "410 where the style reads it as this delivery refused fails it at once",
                false,
                status(410),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                REFUSING,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null),
            row(
                "429 Retry-After in seconds replaces the delay, within the window",
                false,
                status(429, Map.of("Retry-After", "25")),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(25),
                null,
                null),
            row(
                "503 Retry-After as an HTTP date",
                false,
                status(503, Map.of("retry-after", httpDate)),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(15),
                null,
                null),
            row(
                "503 Retry-After beyond the policy's window fails",
                false,
                status(503, Map.of("Retry-After", "100000")),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null),
            row(
                "Retry-After on a 500 is ignored",
                false,
                status(500, Map.of("Retry-After", "30")),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "unreadable Retry-After keeps the planned delay",
                false,
                status(429, Map.of("Retry-After", "soon")),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "timeout is retried",
                false,
                error("timed out after 15 s"),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "refused connection is retried",
                false,
                error("Connection refused"),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "breaker stays closed below the threshold",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(8, NOW.minusSeconds(5), true),
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "breaker opens at the threshold for the cool-down",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(9, NOW.minusSeconds(5), true),
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                NOW.plusSeconds(30),
                null),
            row(
                "a failed half-open probe opens it again",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(10, NOW.minusSeconds(60), true),
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                NOW.plusSeconds(30),
                null),
            row(
                "failing for the disable period disables and holds",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(3, NOW.minus(Duration.ofDays(5)), true),
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.HOLD,
                null,
                null,
                DisableCause.FAILING_TOO_LONG),
            row(
                "just under the disable period is retried",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(3, NOW.minus(Duration.ofDays(5)).plusSeconds(1), true),
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "a paused endpoint is never disabled for failing",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(3, NOW.minus(Duration.ofDays(9)), false),
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                in10,
                null,
                null),
            row(
                "the time scale shortens the delay",
                false,
                status(500),
                attempts(1),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                SCALED,
                Verdict.RETRY,
                NOW.plusMillis(100),
                null,
                null),
            row(
                "the time scale shortens the disable period",
                false,
                status(500),
                attempts(1),
                new EndpointHealth(3, NOW.minus(Duration.ofMinutes(72)), true),
                TEN_TWENTY,
                NATIVE,
                SCALED,
                Verdict.HOLD,
                null,
                null,
                DisableCause.FAILING_TOO_LONG),
            row(
                "an attempt limit (Intuned run retries) ends it",
                false,
                status(500),
                new DeliveryState(2, 2, FIRST),
                HEALTHY,
                TEN_TWENTY,
                NATIVE,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null),
            row(
                "Truto: third retry 8 s after the third attempt",
                false,
                status(500),
                attempts(3),
                HEALTHY,
                TRUTO,
                NATIVE,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(8),
                null,
                null),
            row(
                "Truto: no fourth retry",
                false,
                status(500),
                attempts(4),
                HEALTHY,
                TRUTO,
                NATIVE,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null),
            row(
                "Intuned sink: 80 s after the fourth attempt",
                false,
                status(500),
                attempts(4),
                HEALTHY,
                INTUNED_SINK,
                SINK,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(80),
                null,
                null),
            row(
                "Intuned sink: every 2 minutes later",
                false,
                status(500),
                new DeliveryState(9, null, NOW.minusSeconds(1000)),
                HEALTHY,
                INTUNED_SINK,
                SINK,
                LIMITS,
                Verdict.RETRY,
                NOW.plusSeconds(120),
                null,
                null),
            row(
                "Intuned sink: never past the hour",
                false,
                status(500),
                new DeliveryState(20, null, NOW.minusSeconds(3500)),
                HEALTHY,
                INTUNED_SINK,
                SINK,
                LIMITS,
                Verdict.FAIL,
                null,
                null,
                null))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row r) {
    Decision d =
        AttemptPolicy.decide(
            r.succeeded(),
            r.outcome(),
            r.delivery(),
            r.health(),
            r.policy(),
            r.style(),
            r.limits(),
            NOW,
            0.5);
    assertEquals(r.verdict(), d.verdict(), "verdict");
    assertEquals(Optional.ofNullable(r.retryAt()), d.retryAt(), "retry at");
    assertEquals(Optional.ofNullable(r.breakerUntil()), d.breakerOpenUntil(), "breaker");
    assertEquals(
        Optional.ofNullable(r.disabled()),
        d.disable().map(AttemptPolicy.Disable::cause),
        "endpoint disabled");
  }
}
