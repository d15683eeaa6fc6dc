package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.HostileReceiver;
import dev.webhooks.tools.Receiver;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One tenant tries every attack on the engine a tenant's configuration or receiver can make, while
 * a second tenant sends one event a second to a plain endpoint: each of the second tenant's events
 * arrives within 5 s, the server stays up and ready, and each attack is refused with its 4xx naming
 * the limit, or fails its own attempts with a clear reason.
 */
class HostileTenantIT {
  /** How late a healthy event may arrive, whatever the other tenant does. */
  static final Duration HEALTHY_WITHIN = Duration.ofSeconds(5);

  static final Duration WAIT = Duration.ofSeconds(60);

  private final Receiver receiver = new Receiver();
  private final HostileReceiver hostileReceiver = new HostileReceiver();
  private final Api hostile = Api.newTenant("hostile-" + UUID.randomUUID());
  private final Api healthy = Api.newTenant("healthy-" + UUID.randomUUID());

  /** The healthy tenant's events: id and when its 202 came back. */
  private final Map<String, Instant> sent = new ConcurrentHashMap<>();

  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final List<String> hostileEndpoints = new ArrayList<>();

  /** The application that sends JMS messages from inside the server, as a co-deployed one would. */
  @BeforeAll
  static void deployJmsSender() throws Exception {
    JmsIngestIT.deploySender();
  }

  @AfterAll
  static void undeployJmsSender() throws Exception {
    JmsIngestIT.undeploy();
  }

  @AfterEach
  void stop() {
    sending.set(false);
    for (String id : hostileEndpoints) {
      hostile.delete("/api/endpoints/" + id); // cancels what is left of the attacks' deliveries
    }
    hostileReceiver.close();
    receiver.close();
  }

  @Test
  void everyAttackIsRefusedOrFailsItsOwnAttemptsWhileAnotherTenantsEventsArriveInTime()
      throws Exception {
    healthy.createEndpoint(receiver.url("/healthy"), "");
    Thread neighbour = new Thread(this::sendOneEventASecond, "healthy-tenant");
    neighbour.setDaemon(true);
    neighbour.start();

    templates();
    validators();
    hostileResponses();
    tokenEndpointThatNeverAnswers();
    fanOutAndRetryQuotas();
    intunedSchedulesAndOverlappingRuns();
    secretsAndReservedHeaders();
    destinationsReservedForAnotherTenant();
    jmsMessages();
    // Last: it holds the tenant's whole budget for a minute; the neighbour keeps sending meanwhile.
    hangingReceivers();
    int before = sent.size();
    Await.until(() -> sent.size() >= before + 8, WAIT, "eight more healthy events");

    sending.set(false);
    neighbour.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(sent.size() >= 10, "the healthy tenant sent an event a second: " + sent.size());
    Map<String, Instant> arrived = new ConcurrentHashMap<>();
    Await.until(
        () -> {
          for (Receiver.Received r : receiver.at("/healthy")) {
            arrived.putIfAbsent(r.header("webhook-id"), r.at());
          }
          return arrived.keySet().containsAll(sent.keySet());
        },
        WAIT,
        "every healthy event to arrive");
    List<String> late = new ArrayList<>();
    sent.forEach(
        (id, at) -> {
          Duration took = Duration.between(at, arrived.get(id));
          if (took.compareTo(HEALTHY_WITHIN) > 0) {
            late.add(id + " after " + took.toMillis() + " ms");
          }
        });
    assertTrue(late.isEmpty(), "healthy events later than 5 s: " + late);

    Api.Resp ready = Api.anonymous("/health/ready");
    assertEquals(200, ready.status(), ready.body());
    Api.Resp live = Api.anonymous("/health/live");
    assertEquals(200, live.status(), live.body());
  }

  private void sendOneEventASecond() {
    int n = 0;
    while (sending.get()) {
      long t0 = System.nanoTime();
      Api.Resp r =
          healthy.post("/api/events", "{\"type\":\"order.paid\",\"data\":{\"n\":" + n++ + "}}");
      if (r.status() == 202) {
        sent.put(r.json().getString("id"), Instant.now());
      }
      long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - t0);
      if (rest > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(rest); // the neighbour's pace, not a wait for a result
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  // ---- the attacks ----

  /** A template that recurses, and one that writes a quadratic body for the largest report. */
  private void templates() {
    String recursive =
        "{\\\"a\\\":1}{{#*inline \\\"p\\\"}}{{#if @root.data.issues.[1]}}{{> p}}{{/if}}{{/inline}}"
            + "{{> p}}";
    refused(
        hostile.post(
            "/api/integration-webhooks",
            "{\"name\":\"r\",\"url\":\""
                + receiver.url("/hostile")
                + "\",\"bodyTemplate\":\""
                + recursive
                + "\"}"),
        "bodyTemplate",
        "not supported");
    String quadratic =
        "[{{#each data.issues}}{{#each @root.data.issues}}\\\"{{message}}\\\",{{/each}}{{/each}}"
            + "\\\"\\\"]";
    refused(
        hostile.post(
            "/api/integration-webhooks",
            "{\"name\":\"q\",\"url\":\""
                + receiver.url("/hostile")
                + "\",\"bodyTemplate\":\""
                + quadratic
                + "\"}"),
        "bodyTemplate",
        "WEBHOOKS_TEMPLATE_MAX_OUTPUT");
  }

  /** A backtracking regex filter, and more validators than allowed. */
  private void validators() {
    refused(
        hostile.post(
            "/api/integration-webhooks",
            "{\"name\":\"v\",\"url\":\""
                + receiver.url("/hostile")
                + "\",\"responseValidators\":[{\"jsonPath\":\"$.a[?(@.b =~ /(a+)+$/)]\","
                + "\"expectedValues\":[\"x\"]}]}"),
        "responseValidators[0].jsonPath",
        "=~");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      many.append(i == 0 ? "" : ",").append("{\"jsonPath\":\"$.ok\",\"expectedValues\":[\"1\"]}");
    }
    Api.Resp r =
        hostile.post(
            "/api/integration-webhooks",
            "{\"name\":\"w\",\"url\":\""
                + receiver.url("/hostile")
                + "\",\"responseValidators\":["
                + many
                + "]}");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("responseValidators"), r.body());
  }

  /** A response head of 100,000 header lines, and one of a 5 MB line. */
  private void hostileResponses() {
    String flood = endpoint(hostileReceiver.url("/flood"), "attack.flood", "");
    String longLine = endpoint(hostileReceiver.url("/long-line"), "attack.long-line", "");
    hostile.post("/api/events", "{\"type\":\"attack.flood\",\"data\":{}}").expect(202);
    hostile.post("/api/events", "{\"type\":\"attack.long-line\",\"data\":{}}").expect(202);
    assertTrue(firstAttemptError(flood).contains("WEBHOOKS_RESPONSE_MAX_HEADERS"));
    assertTrue(firstAttemptError(longLine).contains("WEBHOOKS_RESPONSE_MAX_HEADER_LINE"));
  }

  /**
   * Twenty receivers that accept and never answer, each with the longest timeout: the tenant holds
   * its in-flight budget and no more, and its further deliveries wait.
   */
  private void hangingReceivers() {
    for (int i = 0; i < 20; i++) {
      endpoint(hostileReceiver.url("/hang/" + i), "attack.hang", ",\"timeoutSeconds\":60");
    }
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 40; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"attack.hang\",\"data\":{\"n\":" + i + "}}");
    }
    hostile.post("/api/events/batch", batch.append("]").toString()).expect(202);
    Await.until(
        () -> hostileReceiver.count("/hang/") >= 100,
        WAIT,
        "the hanging receivers to hold many requests");
    // 800 deliveries, 32 slots per endpoint: the tenant's budget (512 on this server) is the
    // limit.
    Await.holds(
        () -> hostileReceiver.count("/hang/") <= 512,
        Duration.ofSeconds(3),
        "no more than the tenant's budget in flight");
  }

  /** An OAuth token endpoint that never answers: asked once, the attempts fail with its reason. */
  private void tokenEndpointThatNeverAnswers() {
    String webhook =
        hostile
            .post(
                "/api/integration-webhooks",
                "{\"name\":\"oauth\",\"url\":\""
                    + receiver.url("/hostile-oauth")
                    + "\",\"authentication\":{\"type\":\"OAUTH\",\"clientId\":\"c\","
                    + "\"clientSecret\":\"s\",\"tokenUrl\":\""
                    + hostileReceiver.url("/token-hang")
                    + "\"}}")
            .expect(201)
            .json()
            .getString("id");
    for (String status : new String[] {"ERROR", "WARNING", "ERROR"}) {
      hostile
          .post(
              "/api/integrations/db-hostile/status",
              "{\"name\":\"DB\",\"type\":\"postgresql\",\"status\":\"" + status + "\"}")
          .expect(202);
    }
    JsonObject attempt =
        Await.value(
            () -> {
              for (JsonObject d :
                  hostile
                      .get("/api/deliveries?limit=500&endpointId=" + webhook)
                      .json()
                      .getJsonArray("data")
                      .getValuesAs(JsonObject.class)) {
                JsonArray attempts =
                    hostile
                        .get("/api/deliveries/" + d.getString("id"))
                        .json()
                        .getJsonArray("attempts");
                for (JsonObject a : attempts.getValuesAs(JsonObject.class)) {
                  if (a.getString("error", "").contains("token endpoint")) {
                    return a;
                  }
                }
              }
              return null;
            },
            a -> a != null,
            WAIT,
            "an attempt failed by the silent token endpoint");
    assertTrue(attempt.getString("error").contains("timed out"), attempt.toString());
    assertEquals(
        1,
        hostileReceiver.count("/token-hang"),
        "one token request for all the attempts of the webhook, not one each");
    assertEquals(0, receiver.at("/hostile-oauth").size());
  }

  /** More deliveries in one request than allowed; retry policies that multiply requests. */
  private void fanOutAndRetryQuotas() {
    List<String> fanOut = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      fanOut.add(endpoint(receiver.url("/fan-out/" + i), "attack.fan-out", ""));
    }
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 1000; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"attack.fan-out\",\"data\":{}}");
    }
    Api.Resp r = hostile.post("/api/events/batch", batch.append("]").toString());
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("WEBHOOKS_MAX_DELIVERIES_PER_REQUEST"), r.body());
    assertTrue(
        hostile
            .get("/api/deliveries?endpointId=" + fanOut.get(0))
            .json()
            .getJsonArray("data")
            .isEmpty(),
        "nothing of the refused request was stored");

    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < 10_001; i++) {
      items.append(i == 0 ? "" : ",").append("{}");
    }
    Api.Resp portant =
        hostile.post(
            "/api/workflows/wkf_0000dead/events",
            "{\"event_type\":\"EMAILS_CREATED\",\"items\":" + items.append("]") + "}");
    assertEquals(400, portant.status(), portant.body());
    assertTrue(portant.body().contains("items"), portant.body());

    StringBuilder zeros = new StringBuilder("[");
    for (int i = 0; i < 99; i++) {
      zeros.append(i == 0 ? "0" : ",0");
    }
    Api.Resp retries =
        hostile.post(
            "/api/endpoints",
            "{\"url\":\""
                + receiver.url("/x")
                + "\",\"retryPolicy\":{\"delays\":"
                + zeros.append("]")
                + "}}");
    assertEquals(400, retries.status(), retries.body());
    assertTrue(retries.body().contains("retryPolicy.delays"), retries.body());
  }

  /** More schedule intervals than allowed, and a run started while the last one is open. */
  private void intunedSchedulesAndOverlappingRuns() {
    String base = "/api/" + hostile.tenantId + "/projects/slow";
    hostile
        .put(base, "{\"apis\":{\"hang\":{\"url\":\"" + hostileReceiver.url("/api-hang") + "\"}}}")
        .expect(201);
    StringBuilder intervals = new StringBuilder("[");
    for (int i = 0; i < 11; i++) {
      intervals.append(i == 0 ? "" : ",").append("{\"every\":\"PT" + (60 + i) + "S\"}");
    }
    Api.Resp many =
        hostile.post(
            base + "/jobs",
            "{\"id\":\"many-intervals\",\"payload\":[{\"apiName\":\"hang\"}],"
                + "\"schedule\":{\"intervals\":"
                + intervals.append("]")
                + "}}");
    assertEquals(400, many.status(), many.body());
    assertTrue(many.body().contains("schedule.intervals"), many.body());

    hostile
        .post(base + "/jobs", "{\"id\":\"hanging-job\",\"payload\":[{\"apiName\":\"hang\"}]}")
        .expect(201);
    hostile.post(base + "/jobs/hanging-job/trigger", "").expect(200);
    Await.until(
        () -> hostileReceiver.count("/api-hang") >= 1, WAIT, "the job run's API call to hang");
    Api.Resp again = hostile.post(base + "/jobs/hanging-job/trigger", "");
    assertEquals(409, again.status(), again.body());
    assertTrue(again.body().contains("WEBHOOKS_INTUNED_OVERLAPPING_RUNS"), again.body());
    hostile.delete(base + "/jobs/hanging-job");
  }

  /** Secrets moved to another host; headers that frame the exchange or forge a signature. */
  private void secretsAndReservedHeaders() {
    for (String header : new String[] {"Host", "transfer-encoding", "Webhook-Signature"}) {
      refused(
          hostile.post(
              "/api/endpoints",
              "{\"url\":\"" + receiver.url("/x") + "\",\"headers\":{\"" + header + "\":\"v\"}}"),
          "headers." + header,
          "cannot be configured");
    }
    String bearer =
        hostile
            .post(
                "/api/integration-webhooks",
                "{\"name\":\"bearer\",\"url\":\""
                    + receiver.url("/bearer")
                    + "\",\"authentication\":{\"type\":\"BEARER\",\"token\":\"t-secret\"}}")
            .expect(201)
            .json()
            .getString("id");
    refused(
        hostile.put(
            "/api/integration-webhooks/" + bearer,
            "{\"name\":\"bearer\",\"url\":\""
                + receiver.url("/elsewhere")
                + "\",\"authentication\":{\"type\":\"BEARER\",\"token\":\"****\"}}"),
        "authentication.token",
        "required again");
    refused(
        hostile.post(
            "/api/integration-webhooks",
            "{\"name\":\"privateTokenUrl\",\"url\":\""
                + receiver.url("/p")
                + "\",\"authentication\":{\"type\":\"OAUTH\",\"clientId\":\"c\","
                + "\"clientSecret\":\"s\",\"tokenUrl\":\"https://10.0.0.1/token\"}}"),
        "authentication.tokenUrl",
        "");
  }

  // ---- helpers ----

  /** A native endpoint of the hostile tenant for one event type. */
  private String endpoint(String url, String type, String extra) {
    String id =
        hostile.createEndpoint(url, "\"eventTypes\":[\"" + type + "\"]" + extra).getString("id");
    hostileEndpoints.add(id);
    return id;
  }

  /** The error of the first recorded attempt of the endpoint's only delivery. */
  private String firstAttemptError(String endpointId) {
    return Await.value(
        () -> {
          JsonArray data =
              hostile.get("/api/deliveries?endpointId=" + endpointId).json().getJsonArray("data");
          if (data.isEmpty()) {
            return "";
          }
          JsonArray attempts =
              hostile
                  .get("/api/deliveries/" + data.getJsonObject(0).getString("id"))
                  .json()
                  .getJsonArray("attempts");
          return attempts.isEmpty() ? "" : attempts.getJsonObject(0).getString("error", "");
        },
        e -> !e.isEmpty(),
        WAIT,
        "the first attempt to " + endpointId + " to be recorded");
  }

  /**
   * The test server reserves 127.0.0.66 for the tenant named {@value #ON_PREM_OWNER} ({@code
   * WEBHOOKS_ALLOWED_TARGETS}), as an operator opens an on-premises service to one tenant: that
   * tenant delivers there; the hostile tenant cannot point anything at it, although loopback is
   * open to every tenant of the test server, and no request of its reaches it.
   */
  private void destinationsReservedForAnotherTenant() {
    Receiver onPrem = new Receiver(ON_PREM_ADDRESS, 0);
    try {
      Api owner = Api.newTenant(ON_PREM_OWNER);
      owner.createEndpoint(onPrem.url("/inside"), "");
      String id =
          owner
              .post("/api/events", "{\"type\":\"order.paid\",\"data\":{}}")
              .expect(202)
              .json()
              .getString("id");
      Await.until(
          () -> onPrem.at("/inside").stream().anyMatch(r -> id.equals(r.header("webhook-id"))),
          WAIT,
          "the owner's event at its reserved destination");

      String why = "reserved for other tenants";
      refused(
          hostile.post("/api/endpoints", "{\"url\":\"" + onPrem.url("/steal") + "\"}"), "url", why);
      refused(
          hostile.post(
              "/api/integration-webhooks/test",
              "{\"name\":\"steal\",\"url\":\""
                  + onPrem.url("/steal")
                  + "\",\"authentication\":{\"type\":\"NONE\"}}"),
          "url",
          why);
      refused(
          hostile.post(
              "/api/integration-webhooks",
              "{\"name\":\"stealToken\",\"url\":\""
                  + receiver.url("/x")
                  + "\",\"authentication\":{\"type\":\"OAUTH\",\"tokenUrl\":\""
                  + onPrem.url("/token")
                  + "\",\"clientId\":\"c\",\"clientSecret\":\"s\"}}"),
          "authentication.tokenUrl",
          why);
      assertEquals(List.of(), onPrem.at("/steal"), "no request of the hostile tenant arrived");
      assertEquals(List.of(), onPrem.at("/token"), "no request of the hostile tenant arrived");
    } finally {
      onPrem.close();
    }
  }

  /**
   * Over JMS: bodies past {@code WEBHOOKS_JMS_MAX_BODY} and a run of messages that can never be
   * ingested. Each goes to the failed queue with its reason (the oversized ones cut to 64 Ki
   * characters); the listeners go on, and the neighbour's events keep arriving.
   */
  private void jmsMessages() {
    String big = "{\"type\":\"t\",\"data\":{\"x\":\"" + "a".repeat(1_048_576) + "\"}}";
    for (int i = 0; i < 3; i++) {
      assertEquals(200, JmsIngestIT.send(hostile.tenantId, big));
    }
    for (int i = 0; i < 50; i++) {
      assertEquals(200, JmsIngestIT.send(hostile.tenantId, "{\"type\":\"t\"}"));
    }
    List<String> lines = new ArrayList<>();
    Await.until(
        () -> {
          String more = JmsIngestIT.failed(hostile.tenantId, true);
          if (!more.isEmpty()) {
            lines.addAll(List.of(more.split("\n")));
          }
          return lines.size() >= 53;
        },
        WAIT,
        "53 refused JMS messages in the failed queue");
    assertEquals(
        3,
        lines.stream()
            .filter(
                l ->
                    l.startsWith(
                        "body longer than 1048576 characters (WEBHOOKS_JMS_MAX_BODY)\ttrue\t"))
            .filter(l -> l.endsWith("\t" + 64 * 1024))
            .count(),
        String.join("\n", lines));
    assertEquals(
        50, lines.stream().filter(l -> l.startsWith("data: is required\t")).count(), lines.get(0));
  }

  /** The tenant the test server reserves {@link #ON_PREM_ADDRESS} for (see server.env). */
  static final String ON_PREM_OWNER = "onprem-owner";

  static final String ON_PREM_ADDRESS = "127.0.0.66";

  /** A 400 problem naming {@code field}, its message containing {@code why}. */
  private static void refused(Api.Resp r, String field, String why) {
    assertEquals(400, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    JsonObject error =
        r.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .filter(e -> e.getString("field").equals(field))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no error for " + field + ": " + r.body()));
    assertTrue(error.getString("message").contains(why), r.body());
  }
}
