package dev.webhooks.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What came back from one attempt: a response (status, headers, body truncated to 64 KiB) or an
 * error (timeout, refused connection, refused destination) with no response; {@code failure} says
 * which kind of failure it was, null for a response not (yet) judged one.
 */
public record HttpOutcome(
    Instant startedAt,
    long durationMs,
    Integer status,
    Map<String, String> headers,
    String body,
    String error,
    FailureKind failure) {

  /** A response: {@code failure} is set by the engine when it judges the response. */
  public HttpOutcome(
      Instant startedAt,
      long durationMs,
      Integer status,
      Map<String, String> headers,
      String body,
      String error) {
    this(startedAt, durationMs, status, headers, body, error, null);
  }

  public boolean is2xx() {
    return status != null && status >= 200 && status < 300;
  }

  public Optional<String> header(String name) {
    if (headers == null) {
      return Optional.empty();
    }
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** No response: why, as a kind and a message. */
  public static HttpOutcome failure(
      Instant startedAt, long durationMs, FailureKind kind, String error) {
    return new HttpOutcome(startedAt, durationMs, null, Map.of(), null, error, kind);
  }

  /** This outcome judged as a failure of the given kind, with the reason. */
  public HttpOutcome judged(FailureKind kind, String reason) {
    return new HttpOutcome(startedAt, durationMs, status, headers, body, reason, kind);
  }
}
