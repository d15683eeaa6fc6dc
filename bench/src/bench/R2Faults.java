package bench;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * R2, faults: one endpoint per misbehaviour (500, 429 with Retry-After: 1, 410, timeout, connection
 * refused), all with timeoutSeconds 2 and retryPolicy {"delays":[1,2,4]}; one event fans out to all
 * of them. Polls the deliveries API until each reaches the status its fault calls for, then checks
 * the attempt count and that every retry started within 15% of its planned time.
 *
 * <p>The server runs with WEBHOOKS_RETRY_TIME_SCALE = R2_TIME_SCALE (the harness restarts it if
 * needed), and the planned gaps are scaled the same way. The planned gap is measured from the end
 * of the failed attempt (a timed-out attempt lasts the 2 s timeout) to the start of the next.
 */
final class R2Faults implements Scenario {
  static final double[] DELAYS = {1, 2, 4};
  static final int TIMEOUT_SECONDS = 2;

  /** What the 429 receiver sends as Retry-After, in seconds. */
  static final double RETRY_AFTER = 1;

  /**
   * One misbehaving receiver and what the server must make of it.
   *
   * @param kind receiver behaviour ({@link Receiver} fault path), or null for a closed port
   * @param failFirst how many arrivals of the event misbehave before the receiver answers 204
   * @param plannedGaps policy seconds between the end of attempt k and the start of attempt k+1,
   *     before scaling
   */
  record Fault(
      String name,
      String kind,
      int failFirst,
      String expectStatus,
      int expectAttempts,
      double[] plannedGaps,
      String rule) {}

  static final List<Fault> FAULTS =
      List.of(
          new Fault("500", "500", 99, Status.FAILED, 4, DELAYS, "failed after 4 attempts"),
          new Fault(
              "429",
              "429",
              2,
              Status.SUCCEEDED,
              3,
              new double[] {RETRY_AFTER, RETRY_AFTER},
              "retried after Retry-After, succeeded on 3rd"),
          new Fault(
              "410", "410", 99, Status.HELD, 1, new double[0], "endpoint disabled, delivery held"),
          new Fault(
              "timeout",
              "hang",
              1,
              Status.SUCCEEDED,
              2,
              new double[] {DELAYS[0]},
              "retried, succeeded on 2nd"),
          new Fault(
              "refused", null, 0, Status.FAILED, 4, DELAYS, "retried, failed after 4 attempts"));

  @Override
  public String key() {
    return "r2";
  }

  @Override
  public String title() {
    return "faults: 500, 429+Retry-After, 410, timeout, refused; final status and retry timing"
        + " within 15%";
  }

  @Override
  public List<Figure> run(Context ctx) throws Exception {
    Config cfg = ctx.cfg;
    double scale = cfg.r2TimeScale;
    ctx.server.ensureRunning(scale); // no-op with --external-server: the operator set the scale
    String tag = ctx.tag(key());
    String type = ctx.eventType(key());
    Recorder.Group group = ctx.recorder.group(tag);
    // {"timeoutSeconds":2,"retryPolicy":{"delays":[1,2,4]}}
    JsonObject extra =
        Json.createObjectBuilder()
            .add("timeoutSeconds", TIMEOUT_SECONDS)
            .add(
                "retryPolicy",
                Json.createObjectBuilder()
                    .add("delays", Json.createArrayBuilder().add(1).add(2).add(4)))
            .build();
    List<String> endpoints = new ArrayList<>();
    try {
      for (int i = 0; i < FAULTS.size(); i++) {
        Fault f = FAULTS.get(i);
        String url =
            f.kind() == null
                ? "http://127.0.0.1:" + closedPort() + "/refused"
                : ctx.receiver.url(Receiver.faultPath(f.kind(), f.failFirst(), tag, i));
        endpoints.add(ctx.api.createEndpoint(url, List.of(type), extra));
      }
      Api.Accepted event = ctx.api.ingest(Payloads.event(type, 0));
      Log.info(
          "[r2] event %s -> %d deliveries; waiting for outcomes", event.id(), event.deliveries());
      double allDelays = 0;
      for (double d : DELAYS) {
        allDelays += d;
      }
      long deadline =
          System.nanoTime() + (long) ((allDelays * scale + 4 * TIMEOUT_SECONDS + 30) * 1e9);

      List<Figure> rows = new ArrayList<>();
      for (int i = 0; i < FAULTS.size(); i++) {
        Fault f = FAULTS.get(i);
        JsonObject d = await(ctx, endpoints.get(i), f, deadline);
        Recorder.Hits hits = group.hits(Integer.toString(i), event.id());
        int arrivals = hits == null ? 0 : hits.count();
        rows.add(judge(ctx, f, endpoints.get(i), d, arrivals, scale, cfg.r2Tolerance));
      }
      return rows;
    } finally {
      ctx.api.retire(endpoints);
      ctx.recorder.drop(tag);
    }
  }

  /**
   * Polls the endpoint's delivery until it reaches the expected status, any final status, or the
   * deadline.
   */
  private static JsonObject await(Context ctx, String endpointId, Fault f, long deadline)
      throws IOException, InterruptedException {
    String deliveryId = null;
    while (true) {
      if (deliveryId == null) {
        List<JsonObject> list = ctx.api.deliveriesOf(endpointId);
        deliveryId = list.isEmpty() ? null : Api.text(list.get(0), "id");
      }
      if (deliveryId != null) {
        JsonObject d = ctx.api.delivery(deliveryId);
        String status = Api.text(d, "status");
        if (f.expectStatus().equals(status)
            || Status.isFinal(status)
            || System.nanoTime() > deadline) {
          return d;
        }
      } else if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no delivery listed for endpoint " + endpointId + " (" + f.name() + ")");
      }
      Thread.sleep(200);
    }
  }

  private static Figure judge(
      Context ctx,
      Fault f,
      String endpointId,
      JsonObject delivery,
      int arrivals,
      double scale,
      double tolerance)
      throws IOException, InterruptedException {
    String status = Api.text(delivery, "status");
    List<Attempt> attempts = attempts(delivery, f);
    List<String> problems = new ArrayList<>();
    if (!f.expectStatus().equals(status)) {
      problems.add("status " + status);
    }
    if (attempts.size() != f.expectAttempts()) {
      problems.add(attempts.size() + " attempts");
    }
    if (f.kind() != null && arrivals != attempts.size()) {
      problems.add(arrivals + " arrivals at receiver vs " + attempts.size() + " attempts");
    }
    if (f.expectStatus().equals(Status.HELD) && !disabled(ctx.api.endpoint(endpointId))) {
      problems.add("endpoint not disabled");
    }
    // Retry timing: gap k = start of attempt k+1 minus end of attempt k, against the scaled plan.
    StringBuilder gaps = new StringBuilder();
    double worst = 0;
    for (int k = 0; k + 1 < attempts.size() && k < f.plannedGaps().length; k++) {
      double planned = f.plannedGaps()[k] * scale;
      double actual =
          (attempts.get(k + 1).start().toEpochMilli() - attempts.get(k).end().toEpochMilli())
              / 1000.0;
      double err = (actual - planned) / planned;
      worst = Math.abs(err) > Math.abs(worst) ? err : worst;
      gaps.append(gaps.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.2f/%.2f s", actual, planned));
      if (Math.abs(err) > tolerance) {
        problems.add(String.format(Locale.ROOT, "gap %d off by %+.0f%%", k + 1, err * 100));
      }
    }
    String measured =
        String.format(
            Locale.ROOT,
            "%s, %d attempt%s%s",
            status,
            attempts.size(),
            attempts.size() == 1 ? "" : "s",
            gaps.length() == 0
                ? ""
                : String.format(Locale.ROOT, ", worst gap %+.0f%%", worst * 100));
    String note =
        (gaps.length() == 0 ? "" : "gaps actual/planned: " + gaps)
            + (problems.isEmpty()
                ? ""
                : (gaps.length() == 0 ? "" : "; ") + String.join("; ", problems));
    String goal =
        f.rule()
            + (f.plannedGaps().length == 0 ? "" : ", gaps +-" + Math.round(tolerance * 100) + "%");
    return Figure.check("R2 " + f.name(), goal, measured, problems.isEmpty()).withNote(note);
  }

  /** An attempt's start and end as the server reports them. */
  record Attempt(Instant start, Instant end) {}

  /**
   * Reads "attempts": startedAt is required; the end comes from finishedAt/completedAt/endedAt or
   * durationMs if the server gives one, otherwise it is assumed to be the start (plus the timeout
   * for an attempt that hung).
   */
  private static List<Attempt> attempts(JsonObject delivery, Fault f) {
    JsonValue raw = delivery.get("attempts");
    if (raw == null) {
      throw new IllegalStateException(
          "GET /api/deliveries/{id} has no \"attempts\": " + delivery.keySet());
    }
    List<Attempt> out = new ArrayList<>();
    for (JsonValue o : Api.array(raw)) {
      JsonObject a = Api.object(o);
      Instant start = instant(Api.text(a, "startedAt"));
      Instant end = null;
      for (String field : List.of("finishedAt", "completedAt", "endedAt")) {
        if (end == null && Api.text(a, field) != null) {
          end = instant(Api.text(a, field));
        }
      }
      if (end == null && a.get("durationMs") instanceof JsonNumber n) {
        end = start.plusMillis(n.longValue());
      }
      out.add(new Attempt(start, end));
    }
    out.sort(Comparator.comparing(Attempt::start));
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k).end() == null) {
        boolean hung = "hang".equals(f.kind()) && k < f.failFirst();
        Instant s = out.get(k).start();
        out.set(k, new Attempt(s, hung ? s.plusSeconds(TIMEOUT_SECONDS) : s));
      }
    }
    return out;
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      throw new IllegalStateException("an attempt has no startedAt");
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(iso).toInstant();
      } catch (DateTimeParseException e2) {
        return LocalDateTime.parse(iso)
            .toInstant(ZoneOffset.UTC); // no zone given: the server's UTC
      }
    }
  }

  /** Whether an endpoint reads as disabled, whichever way the API spells it. */
  private static boolean disabled(JsonObject endpoint) {
    for (String field : List.of("state", "status")) {
      if (Status.ENDPOINT_DISABLED.equalsIgnoreCase(Api.text(endpoint, field))) {
        return true;
      }
    }
    // getBoolean(name, default) gives the default for a missing or non-boolean field.
    return endpoint.getBoolean("disabled", false)
        || !endpoint.getBoolean("active", true)
        || !endpoint.getBoolean("enabled", true);
  }

  /** A loopback port nothing listens on: bound and released, so connecting to it is refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
