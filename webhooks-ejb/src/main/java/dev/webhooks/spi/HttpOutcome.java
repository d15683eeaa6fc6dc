package dev.webhooks.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What came back from one attempt: a response (status, headers, body truncated to 64 KiB) or an
 * error (timeout, refused connection, refused destination) with no response.
 */
public record HttpOutcome(
    Instant startedAt,
    long durationMs,
    Integer status,
    Map<String, String> headers,
    String body,
    String error) {

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

  public static HttpOutcome failure(Instant startedAt, long durationMs, String error) {
    return new HttpOutcome(startedAt, durationMs, null, Map.of(), null, error);
  }
}
