package dev.webhooks.it.intuned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.JsonBodies;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Intuned-style Runs, Jobs and webhook sinks on the real server (time scale 0.01). */
class IntunedIT {
  static final Duration WAIT = Duration.ofSeconds(45);

  private final Receiver receiver = new Receiver();
  private final Api api = Api.newTenant("intuned-it-" + UUID.randomUUID());
  private final String base = "/api/" + api.tenantId + "/projects/shop";

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonObject project() {
    return api.put(
            base,
            "{\"apis\":{\"list\":{\"url\":\""
                + receiver.url("/svc/list")
                + "\"},\"details\":{\"url\":\""
                + receiver.url("/svc/details")
                + "\"},\"bad\":{\"url\":\""
                + receiver.url("/svc/bad")
                + "\"},\"slow\":{\"url\":\""
                + receiver.url("/svc/slow")
                + "\"}}}")
        .expect(201)
        .json();
  }

  private String sink(String path, String extra) {
    return "\"sink\":{\"type\":\"webhook\",\"url\":\""
        + receiver.url(path)
        + "\""
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  private static void problem(Api.Resp r, int status) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
  }

  @Test
  void runWithASinkDeliversOnePayloadOfTheExactShape() {
    JsonObject project = project();
    String secret = project.getString("signingSecret");
    assertTrue(secret.startsWith("whsec_"));
    receiver.script("/svc/list", Reply.json(200, "{\"result\":{\"items\":[1,2]}}"));
    JsonObject started =
        api.post(
                base + "/run/start",
                "{\"api\":\"list\",\"parameters\":{\"page\":1},"
                    + sink("/sink", "\"headers\":{\"X-Sink\":\"s1\"}")
                    + "}")
            .expect(201)
            .json();
    String runId = started.getString("runId");
    assertTrue(runId.matches("[A-Za-z0-9_-]{21}"), runId);
    assertEquals("pending", started.getString("status"));

    Receiver.Received call = receiver.await("/svc/list", 1, WAIT).get(0);
    JsonObject callBody = JsonBodies.object(call.bodyText());
    assertEquals("list", callBody.getString("api"));
    assertEquals(1, callBody.getJsonObject("parameters").getInt("page"));
    assertEquals(runId, callBody.getString("runId"));
    assertTrue(Signatures.valid(secret, call), "the API call is signed with the project's secret");

    Receiver.Received s = receiver.await("/sink", 1, WAIT).get(0);
    assertEquals("s1", s.header("X-Sink"));
    assertTrue(Signatures.valid(secret, s), "the sink POST is signed with the project's secret");
    JsonObject body = JsonBodies.object(s.bodyText());
    assertEquals(api.tenantId, body.getString("workspaceId"));
    assertEquals(project.getString("id"), body.getJsonObject("project").getString("id"));
    assertEquals("shop", body.getJsonObject("project").getString("name"));
    assertFalse(body.containsKey("projectJob"));
    assertFalse(body.containsKey("projectJobRun"));
    JsonObject info = body.getJsonObject("apiInfo");
    assertEquals("list", info.getString("name"));
    assertEquals(runId, info.getString("runId"));
    assertEquals(1, info.getJsonObject("parameters").getInt("page"));
    JsonObject result = info.getJsonObject("result");
    assertEquals("completed", result.getString("status"));
    assertEquals(2, result.getJsonObject("result").getJsonArray("items").size());
    assertEquals(200, result.getInt("statusCode"));

    JsonObject view = api.get(base + "/run/" + runId + "/result").expect(200).json();
    assertEquals("completed", view.getString("status"));
    assertEquals(1, receiver.at("/sink").size());
  }

  @Test
  void jobExtendingListToDetailsSendsOneWebhookPerApiRun() {
    project();
    receiver.script(
        "/svc/list",
        Reply.json(
            200,
            "{\"result\":[1,2],\"extendedPayloads\":[{\"api\":\"details\",\"parameters\":{\"id\":1}},"
                + "{\"api\":\"details\",\"parameters\":{\"id\":2}}]}"));
    receiver.handler("/svc/details", r -> Reply.json(200, "{\"result\":{\"detail\":true}}"));
    api.post(
            base + "/jobs",
            "{\"id\":\"nightly-crawl\",\"payload\":[{\"apiName\":\"list\",\"parameters\":{}}],"
                + "\"configuration\":{\"retry\":{\"maximumAttempts\":2},\"maxConcurrentRequests\":1},"
                + sink("/job-sink", "")
                + "}")
        .expect(201);
    String jobRunId =
        api.post(base + "/jobs/nightly-crawl/trigger", "").expect(200).json().getString("jobRunId");
    assertTrue(
        jobRunId.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
        "job-run ids are UUIDs, as in Intuned's sample payload: " + jobRunId);
    List<Receiver.Received> got = receiver.await("/job-sink", 3, WAIT);
    for (Receiver.Received r : got) {
      JsonObject b = JsonBodies.object(r.bodyText());
      assertEquals("nightly-crawl", b.getJsonObject("projectJob").getString("id"));
      assertEquals(jobRunId, b.getJsonObject("projectJobRun").getString("id"));
    }
    assertEquals(
        2,
        got.stream()
            .filter(
                r ->
                    JsonBodies.object(r.bodyText())
                        .getJsonObject("apiInfo")
                        .getString("name")
                        .equals("details"))
            .count());
    JsonObject run =
        Await.value(
            () -> api.get(base + "/jobs/nightly-crawl/runs/" + jobRunId).expect(200).json(),
            r -> r.getString("status").equals("completed"),
            WAIT,
            "the job run to complete");
    assertEquals(3, run.getJsonArray("runs").size());
    assertEquals("nightly-crawl", run.getString("jobId"));
    assertEquals(1, api.get(base + "/jobs/nightly-crawl/runs").expect(200).array().size());
  }

  @Test
  void skipOnFailAndApisToSendFilterTheSink() {
    project();
    receiver.script("/svc/bad", Reply.status(500));
    receiver.script("/svc/list", Reply.json(200, "{\"result\":1}"));
    receiver.script("/svc/details", Reply.json(200, "{\"result\":2}"));
    String bad =
        api.post(
                base + "/run/start",
                "{\"api\":\"bad\",\"retry\":{\"maximumAttempts\":2},"
                    + sink("/skip", "\"skipOnFail\":true")
                    + "}")
            .expect(201)
            .json()
            .getString("runId");
    JsonObject failed =
        Await.value(
            () -> api.get(base + "/run/" + bad + "/result").json(),
            r -> r.getString("status").equals("failed"),
            WAIT,
            "the failing run to fail");
    assertEquals("API_ERROR", failed.getString("error"));
    assertEquals(2, receiver.at("/svc/bad").size(), "maximumAttempts");
    api.post(
            base + "/run/start",
            "{\"api\":\"list\"," + sink("/only-list", "\"apisToSend\":[\"list\"]") + "}")
        .expect(201);
    String details =
        api.post(
                base + "/run/start",
                "{\"api\":\"details\"," + sink("/only-list", "\"apisToSend\":[\"list\"]") + "}")
            .expect(201)
            .json()
            .getString("runId");
    receiver.await("/only-list", 1, WAIT);
    Await.until(
        () ->
            api.get(base + "/run/" + details + "/result")
                .json()
                .getString("status")
                .equals("completed"),
        WAIT,
        "details done");
    // the failed run sent nothing with skipOnFail; the details run sent nothing with apisToSend
    // [list]
    String failedToo =
        api.post(base + "/run/start", "{\"api\":\"bad\"," + sink("/fail-sink", "") + "}")
            .expect(201)
            .json()
            .getString("runId");
    JsonObject failedSink =
        JsonBodies.object(receiver.await("/fail-sink", 1, WAIT).get(0).bodyText());
    assertEquals(
        "failed", failedSink.getJsonObject("apiInfo").getJsonObject("result").getString("status"));
    assertEquals(failedToo, failedSink.getJsonObject("apiInfo").getString("runId"));
    assertEquals(0, receiver.at("/skip").size());
    assertEquals(1, receiver.at("/only-list").size());
  }

  @Test
  void sinkRetriesOnItsScheduleAndATimeoutFailsTheRun() {
    project();
    receiver.script("/svc/list", Reply.json(200, "{\"result\":1}"));
    receiver.script("/flaky-sink", Reply.status(500), Reply.status(503), Reply.status(204));
    api.post(base + "/run/start", "{\"api\":\"list\"," + sink("/flaky-sink", "\"retry\":5") + "}")
        .expect(201);
    List<Receiver.Received> got = receiver.await("/flaky-sink", 3, WAIT);
    long gap1 = Duration.between(got.get(0).at(), got.get(1).at()).toMillis();
    long gap2 = Duration.between(got.get(1).at(), got.get(2).at()).toMillis();
    // 10 s and 20 s at the IT time scale of 0.01
    assertTrue(gap1 >= 90 && gap1 < 4500, "first retry after ~100 ms, was " + gap1);
    assertTrue(gap2 >= 180 && gap2 < 4500, "second retry after ~200 ms, was " + gap2);

    receiver.script("/svc/slow", Reply.json(200, "{\"result\":1}").after(Duration.ofSeconds(4)));
    String slow =
        api.post(base + "/run/start", "{\"api\":\"slow\",\"requestTimeout\":1}")
            .expect(201)
            .json()
            .getString("runId");
    JsonObject r =
        Await.value(
            () -> api.get(base + "/run/" + slow + "/result").json(),
            x -> x.getString("status").equals("failed"),
            WAIT,
            "the slow run to time out");
    assertEquals("TIMEOUT", r.getString("error"));
  }

  @Test
  void aScheduleFiresEveryIntervalUntilPausedResumedAndDeleted() {
    project();
    receiver.handler("/svc/list", x -> Reply.json(200, "{\"result\":1}"));
    api.post(base + "/jobs", "{\"id\":\"manual-job\",\"payload\":[{\"apiName\":\"list\"}]}")
        .expect(201);
    api.post(base + "/jobs/manual-job/pause", "").expect(200);
    problem(api.post(base + "/jobs/manual-job/trigger", ""), 409);
    assertTrue(api.get(base + "/jobs/manual-job").json().getBoolean("paused"));
    api.post(base + "/jobs/manual-job/resume", "").expect(200);
    api.post(base + "/jobs/manual-job/trigger", "").expect(200);
    receiver.await("/svc/list", 1, WAIT);

    String every = base + "/jobs/every-second";
    api.post(
            base + "/jobs",
            "{\"id\":\"every-second\",\"payload\":[{\"apiName\":\"list\"}],\"schedule\":{\"intervals\":[{\"every\":\"PT1S\"}]}}")
        .expect(201);
    // It fires again and again, about a second apart.
    List<JsonObject> fired =
        Await.value(
            () -> api.get(every + "/runs").array().getValuesAs(JsonObject.class),
            runs -> runs.size() >= 3,
            WAIT,
            "three scheduled runs");
    List<Instant> starts =
        fired.stream().map(r -> Instant.parse(r.getString("startedAt"))).sorted().toList();
    for (int i = 1; i < starts.size(); i++) {
      long gap = Duration.between(starts.get(i - 1), starts.get(i)).toMillis();
      assertTrue(gap >= 500, "scheduled runs " + gap + " ms apart");
    }

    // Paused: the timer keeps its place but starts nothing.
    api.post(every + "/pause", "").expect(200);
    int whenPaused = settledRuns(every);
    Await.holds(
        () -> api.get(every + "/runs").array().size() == whenPaused,
        Duration.ofSeconds(4),
        "a paused schedule starts no run");
    api.post(every + "/resume", "").expect(200);
    Await.until(
        () -> api.get(every + "/runs").array().size() >= whenPaused + 2,
        WAIT,
        "the resumed schedule to fire again");

    // Deleted: the timer is cancelled; the service is called no more.
    api.delete(every).expect(204);
    problem(api.get(every), 404);
    problem(api.get(every + "/runs"), 404);
    // A run started at the instant of the delete may still call the service once; a schedule
    // still firing would call it four times more.
    int atDelete = receiver.at("/svc/list").size();
    Await.holds(
        () -> receiver.at("/svc/list").size() <= atDelete + 1,
        Duration.ofSeconds(4),
        "a deleted schedule calls the service no more");
    assertEquals(
        List.of("manual-job"),
        api.get(base + "/jobs").array().getValuesAs(JsonObject.class).stream()
            .map(j -> j.getString("id"))
            .toList());
  }

  /** The number of the Job's runs once none of them is still running. */
  private int settledRuns(String job) {
    return Await.value(
            () -> api.get(job + "/runs").array().getValuesAs(JsonObject.class),
            runs -> runs.stream().allMatch(r -> !r.isNull("finishedAt")),
            WAIT,
            "the Job's runs to finish")
        .size();
  }

  @Test
  void terminateCancelsTheRestOfAJobRun() {
    project();
    receiver.handler(
        "/svc/slow", x -> Reply.json(200, "{\"result\":1}").after(Duration.ofSeconds(2)));
    api.post(
            base + "/jobs",
            "{\"id\":\"three-slow-calls\",\"payload\":[{\"apiName\":\"slow\"},{\"apiName\":\"slow\"},{\"apiName\":\"slow\"}],"
                + "\"configuration\":{\"maxConcurrentRequests\":1},"
                + sink("/terminated-sink", "")
                + "}")
        .expect(201);
    String jobRun =
        api.post(base + "/jobs/three-slow-calls/trigger", "")
            .expect(200)
            .json()
            .getString("jobRunId");
    receiver.await("/svc/slow", 1, WAIT);
    JsonObject terminated =
        api.post(base + "/jobs/three-slow-calls/runs/" + jobRun + "/terminate", "")
            .expect(200)
            .json();
    assertEquals("terminated", terminated.getString("status"));
    assertFalse(terminated.isNull("finishedAt"));
    for (JsonObject run : terminated.getJsonArray("runs").getValuesAs(JsonObject.class)) {
      assertEquals("canceled", run.getString("status"), terminated.toString());
    }
    // The two calls still to come would have started within 2 s each; none does, and nothing of a
    // canceled run goes to the sink.
    Await.holds(
        () -> receiver.at("/svc/slow").size() == 1 && receiver.at("/terminated-sink").isEmpty(),
        Duration.ofSeconds(6),
        "a terminated Job run calls nothing more and sends nothing to its sink");
    assertEquals(
        "terminated",
        api.get(base + "/jobs/three-slow-calls/runs/" + jobRun)
            .expect(200)
            .json()
            .getString("status"));
  }

  @Test
  void foreignWorkspaceIs403AndBadInputIsAProblem() {
    project();
    Api other = Api.newTenant("intuned-other-" + UUID.randomUUID());
    problem(other.get(base), 403);
    problem(other.post(base + "/run/start", "{\"api\":\"list\"}"), 403);
    problem(api.post(base + "/run/start", "{\"api\":\"nope\"}"), 400);
    problem(
        api.post(
            base + "/run/start",
            "{\"api\":\"list\",\"sink\":{\"type\":\"s3\",\"url\":\"" + receiver.url("/x") + "\"}}"),
        400);
    problem(
        api.post(base + "/run/start", "{\"api\":\"list\"," + sink("/x", "\"retry\":33") + "}"),
        400);
    problem(
        api.post(base + "/jobs", "{\"id\":\"short\",\"payload\":[{\"apiName\":\"list\"}]}"), 400);
    problem(
        api.post(
            base + "/jobs", "{\"id\":\"long-enough\",\"payload\":[{\"apiName\":\"unknown\"}]}"),
        400);
    problem(
        api.post(
            base + "/jobs",
            "{\"id\":\"long-enough\",\"payload\":[{\"apiName\":\"list\"}],\"schedule\":{\"intervals\":[{\"every\":\"soon\"}]}}"),
        400);
    problem(api.put(base, "{\"apis\":{\"list\":{\"url\":\"https://10.0.0.1/x\"}}}"), 400);
    problem(api.get("/api/" + api.tenantId + "/projects/missing"), 404);
  }

  /**
   * Seed: a non-2xx answer of a sink is retried and then skipped. A 410 is no exception: it ends
   * that one result's delivery after the sink's retries, and the next result for a sink of the same
   * configuration is sent, not held behind a disabled subscription.
   */
  @Test
  void aSinkAnswering410IsRetriedThenSkippedAndHoldsNothing() {
    project();
    receiver.handler("/svc/list", r -> Reply.json(200, "{\"result\":1}"));
    receiver.handler("/gone-sink", r -> Reply.status(410));
    String withSink = "{\"api\":\"list\"," + sink("/gone-sink", "\"retry\":1") + "}";
    api.post(base + "/run/start", withSink).expect(201);
    receiver.await("/gone-sink", 2, WAIT); // the first POST and its one retry
    api.post(base + "/run/start", withSink).expect(201);
    receiver.await("/gone-sink", 4, WAIT); // the next result is sent too: nothing was held
  }

  /**
   * {@code apisToSend} names APIs of the project, at least one: otherwise the sink sends nothing.
   */
  @Test
  void apisToSendMustNameAtLeastOneApiOfTheProject() {
    project();
    Api.Resp empty =
        api.post(base + "/run/start", "{\"api\":\"list\"," + sink("/x", "\"apisToSend\":[]") + "}");
    problem(empty, 400);
    assertTrue(empty.body().contains("sink.apisToSend"), empty.body());
    Api.Resp unknown =
        api.post(
            base + "/jobs",
            "{\"id\":\"long-enough\",\"payload\":[{\"apiName\":\"list\"}],"
                + sink("/x", "\"apisToSend\":[\"list\",\"nope\"]")
                + "}");
    problem(unknown, 400);
    assertTrue(
        unknown.body().contains("sink.apisToSend") && unknown.body().contains("nope"),
        unknown.body());
  }

  /**
   * A sink's {@code timeout} is in milliseconds and bounds the whole POST: 1,200 ms against a
   * receiver that answers after 1,600 ms fails each attempt (rounded up to whole seconds, as
   * before, it would have passed), so the one retry is made too.
   */
  @Test
  void aSinkTimeoutIsTheWholePostsDeadlineInMilliseconds() {
    project();
    receiver.handler("/svc/list", r -> Reply.json(200, "{\"result\":1}"));
    receiver.handler("/slow-sink", r -> Reply.status(204).after(Duration.ofMillis(1600)));
    api.post(
            base + "/run/start",
            "{\"api\":\"list\"," + sink("/slow-sink", "\"retry\":1,\"timeout\":1200") + "}")
        .expect(201);
    receiver.await("/slow-sink", 2, WAIT);
  }

  /**
   * Fields of Intuned's Run API this product does not use are accepted and ignored; any other
   * unknown field is refused, naming it.
   */
  @Test
  void theRealApisFieldsAreAcceptedAndUnknownOnesRefused() {
    project();
    receiver.handler("/svc/list", r -> Reply.json(200, "{\"result\":1}"));
    api.post(
            base + "/run/start",
            "{\"api\":\"list\",\"proxy\":\"http://proxy.example:8080\",\"saveTrace\":true}")
        .expect(201);
    Api.Resp unknown = api.post(base + "/run/start", "{\"api\":\"list\",\"bogus\":1}");
    problem(unknown, 400);
    assertTrue(unknown.body().contains("bogus"), unknown.body());
  }

  /** A project that was never declared: the 404 says how to declare it. */
  @Test
  void anUndeclaredProjectsProblemSaysHowToDeclareIt() {
    Api.Resp r = api.post("/api/" + api.tenantId + "/projects/never/run/start", "{\"api\":\"x\"}");
    problem(r, 404);
    assertTrue(
        r.body().contains("PUT /api/" + api.tenantId + "/projects/never")
            && r.body().contains("deploying"),
        r.body());
  }
}
