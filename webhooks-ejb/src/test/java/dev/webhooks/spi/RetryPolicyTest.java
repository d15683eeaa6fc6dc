package dev.webhooks.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.endpoints.entity.RetryPolicies;
import dev.webhooks.shared.Validation;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void standardScheduleIsTheSvixOne() {
    RetryPolicy p = RetryPolicy.STANDARD;
    assertEquals(8, p.maxAttempts());
    assertEquals(
        List.of(5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0),
        List.of(1, 2, 3, 4, 5, 6, 7).stream().map(n -> p.delayAfter(n).orElseThrow()).toList());
    assertTrue(p.delayAfter(8).isEmpty());
  }

  @Test
  void jitterIsAtMostTenPercentAndScaled() {
    RetryPolicy p = RetryPolicy.STANDARD;
    Instant low = p.plan(1, T0, T0, Optional.empty(), 1, 0.0).orElseThrow();
    Instant high = p.plan(1, T0, T0, Optional.empty(), 1, 0.999).orElseThrow();
    assertEquals(T0.plusSeconds(5), low);
    assertTrue(Duration.between(T0, high).toMillis() <= 5500);
    Instant scaled = p.plan(2, T0, T0, Optional.empty(), 0.01, 0.0).orElseThrow();
    assertEquals(T0.plusSeconds(3), scaled); // 300 s at a time scale of 0.01
  }

  @Test
  void exponentialIsCappedAndBoundedByItsWindow() {
    // The Intuned sink schedule: 10, 20, 40, 80, then every 120 s, never later than an hour after
    // the first.
    RetryPolicy p = RetryPolicy.exponential(10, 2, 120, 33, 3600.0);
    assertEquals(
        List.of(10.0, 20.0, 40.0, 80.0, 120.0, 120.0),
        List.of(1, 2, 3, 4, 5, 6).stream().map(n -> p.delayAfter(n).orElseThrow()).toList());
    Instant late = T0.plusSeconds(3590);
    assertTrue(p.plan(30, T0, late, Optional.empty(), 1, 0).isEmpty());
    assertTrue(p.plan(3, T0, T0.plusSeconds(60), Optional.empty(), 1, 0).isPresent());
  }

  @Test
  void retryAfterReplacesTheDelayButNotTheWindow() {
    RetryPolicy p = RetryPolicy.ofDelays(List.of(1.0, 1.0), 0);
    assertEquals(Optional.of(T0.plusSeconds(2)), p.plan(1, T0, T0, Optional.of(2.0), 1, 0));
    // The whole schedule lasts 2 s: a Retry-After of an hour is past it, so the delivery fails.
    assertTrue(p.plan(1, T0, T0, Optional.of(3600.0), 1, 0).isEmpty());
  }

  @Test
  void readsAndRejectsRequests() {
    Validation v = new Validation();
    RetryPolicy p =
        RetryPolicies.fromRequest(
            Json.createObjectBuilder()
                .add("delays", Json.createArrayBuilder().add(1).add(2))
                .build(),
            "retryPolicy",
            v);
    assertTrue(v.ok());
    assertEquals(3, p.maxAttempts());

    Validation bad = new Validation();
    RetryPolicies.fromRequest(
        Json.createObjectBuilder().add("delays", Json.createArrayBuilder().add("x")).build(),
        "retryPolicy",
        bad);
    assertFalse(bad.ok());

    Validation bad2 = new Validation();
    RetryPolicies.fromRequest(
        Json.createObjectBuilder().add("initialDelay", 5).add("multiplier", 0.5).build(),
        "retryPolicy",
        bad2);
    assertFalse(bad2.ok());
  }

  @Test
  void roundTripsThroughJson() {
    RetryPolicy p = RetryPolicy.exponential(2, 2, 10, 4, null);
    assertEquals(p, RetryPolicies.fromStored(RetryPolicies.toJson(p)));
    assertEquals(
        RetryPolicy.STANDARD, RetryPolicies.fromStored(RetryPolicies.toJson(RetryPolicy.STANDARD)));
  }

  @Test
  void aTenantsPolicyMakesAtMostTwentyAttemptsASecondApartButStoredBuiltInOnesKeepTheirs() {
    Validation v = new Validation();
    RetryPolicies.fromRequest(
        Json.createObjectBuilder()
            .add("delays", Json.createArrayBuilder(java.util.Collections.nCopies(20, 1)))
            .build(),
        "retryPolicy",
        v);
    assertFalse(v.ok(), "21 attempts");
    Validation zero = new Validation();
    RetryPolicies.fromRequest(
        Json.createObjectBuilder().add("delays", Json.createArrayBuilder().add(0)).build(),
        "retryPolicy",
        zero);
    assertFalse(zero.ok(), "no delay between attempts");
    // Intuned's sink schedule: 33 attempts, stored by the engine, read back as it is.
    RetryPolicy sink = RetryPolicy.exponential(10, 2, 120, 33, 3600.0);
    RetryPolicy stored = RetryPolicies.fromStored(RetryPolicies.toJson(sink));
    assertEquals(33, stored.maxAttempts());
  }
}
