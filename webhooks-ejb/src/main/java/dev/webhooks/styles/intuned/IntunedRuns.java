package dev.webhooks.styles.intuned;

import dev.webhooks.endpoints.boundary.Destinations;
import dev.webhooks.endpoints.boundary.EndpointDraft;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Keyring;
import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.DeliveryEnd;
import dev.webhooks.spi.DeliveryFinished;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.FailureKind;
import dev.webhooks.spi.FollowUpEvents;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RetryPolicy;
import dev.webhooks.spi.WebhookSignature;
import dev.webhooks.tenants.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Projects, Runs, Jobs and Job runs. Every API run and every sink POST is an engine delivery: this
 * bean only decides what to send and records what came back.
 */
@Stateless
public class IntunedRuns {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(IntunedRuns.class.getName());

  static final int DEFAULT_REQUEST_TIMEOUT = 600;

  /**
   * API runs one Job run may hold at most, its payload and the extendedPayloads its replies add: a
   * reply cannot make a run grow without end.
   */
  static final int MAX_API_RUNS_PER_JOB_RUN = 1000;

  static final String API_RUN_EVENT = "intuned.api_run";
  static final String SINK_EVENT = "intuned.sink_result";

  @PersistenceContext EntityManager em;
  @Inject Endpoints endpoints;
  @Inject FollowUpEvents followUps;
  @Inject Keyring keyring;
  @Inject JobSchedules schedules;
  @Inject Destinations destinations;
  @Inject Settings settings;

  // ---- projects ----

  public record ProjectSaved(Project project, boolean created) {}

  /**
   * Declares (or declares again) a project's APIs: each name with the URL of the service performing
   * it, checked against the destination rules under {@code apis.<name>.url}.
   */
  public ProjectSaved putProject(Long tenantId, String name, Map<String, String> apiUrls) {
    Validation v = new Validation();
    apiUrls.forEach((api, url) -> destinations.check(tenantId, url, "apis." + api + ".url", v));
    v.throwIfInvalid();
    JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
    apiUrls.forEach((api, url) -> b.add(api, Jsonp.PROVIDER.createObjectBuilder().add("url", url)));
    String apis = b.build().toString();
    Project p = findProject(tenantId, name);
    if (p != null) {
      p.apis(apis);
      return new ProjectSaved(p, false);
    }
    p = new Project(tenantId, name, apis, keyring.seal(WebhookSignature.newSecret()));
    em.persist(p);
    return new ProjectSaved(p, true);
  }

  public Project project(Long tenantId, String name) {
    Project p = findProject(tenantId, name);
    if (p == null) {
      String workspace = em.find(Tenant.class, tenantId).publicId();
      throw new ApiFailure(
          404,
          "Not found",
          "project "
              + name
              + " does not exist: declare it first with PUT /api/"
              + workspace
              + "/projects/"
              + name
              + " and the URLs of its APIs ({\"apis\":{\"<api>\":{\"url\":\"https://...\"}}});"
              + " declaring a project is this product's equivalent of deploying it",
          List.of());
    }
    return p;
  }

  public String projectSecret(Project p) {
    return keyring.open(p.secretSealed());
  }

  private Project findProject(Long tenantId, String name) {
    return em.createNamedQuery("Project.byName", Project.class)
        .setParameter("tenantId", tenantId)
        .setParameter("name", name)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  static Set<String> apiNames(Project p) {
    return JsonText.parseObject(p.apis()).keySet();
  }

  // ---- runs ----

  /**
   * Starts a Run: the run and its API call's delivery in one transaction; the call itself is made
   * on a worker once it commits.
   */
  public String startRun(
      Long tenantId,
      String projectName,
      String api,
      JsonObject parameters,
      int maxAttempts,
      int timeout,
      Sink sink) {
    Project p = project(tenantId, projectName);
    if (!apiNames(p).contains(api)) {
      throw ApiFailure.invalid("api", "is not an API of project " + projectName);
    }
    if (sink != null) {
      checkSink(tenantId, p, sink);
    }
    ApiRun run =
        new ApiRun(
            RunIds.nanoid(),
            tenantId,
            p.id(),
            null,
            api,
            parameters == null ? "{}" : parameters.toString(),
            maxAttempts,
            timeout,
            sink == null ? null : sink.mapHeaderValues(keyring::seal));
    em.persist(run);
    em.flush();
    followUps.emit(tenantId, List.of(apiRunEvent(p, run)));
    run.started();
    return run.runId();
  }

  public ApiRun run(Long tenantId, String projectName, String runId) {
    Project p = project(tenantId, projectName);
    return em.createNamedQuery("ApiRun.byRunId", ApiRun.class)
        .setParameter("runId", runId)
        .getResultStream()
        .filter(r -> r.projectId().equals(p.id()))
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("run " + runId));
  }

  /** The directed event that makes the API call: its data is the exact body. */
  private IncomingEvent apiRunEvent(Project p, ApiRun run) {
    String url = JsonText.parseObject(p.apis()).getJsonObject(run.api()).getString("url");
    Endpoint ep = apiEndpoint(p, url, run.requestTimeout(), run.maxAttempts());
    String body =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("api", run.api())
            .add("parameters", JsonText.parse(run.parameters()))
            .add("runId", run.runId())
            .build()
            .toString();
    return new IncomingEvent(
        API_RUN_EVENT, body, null, null, null, List.of(ep.id()), run.maxAttempts());
  }

  /** One subscription per API URL, timeout and attempt budget, signed with the project's secret. */
  private Endpoint apiEndpoint(Project p, String url, int timeout, int attempts) {
    String key = "api:" + p.id() + ":" + hash(url + "|" + timeout + "|" + attempts);
    Endpoint ep = endpoints.findByStyleKey(p.tenantId(), EndpointKind.INTUNED_API, key);
    if (ep != null) {
      return ep;
    }
    List<Double> delays = new ArrayList<>();
    for (int i = 1; i < attempts; i++) {
      delays.add(Math.min(60.0, 2.0 * Math.pow(2, i - 1)));
    }
    return endpoints.create(
        p.tenantId(),
        EndpointKind.INTUNED_API,
        null,
        EndpointDraft.ofUrl(url)
            .withTimeout(timeout)
            .withRetryPolicy(RetryPolicy.ofDelays(delays, 0))
            .withStyle(key, projectConfig(p).build().toString(), projectSecrets(p)));
  }

  /**
   * The sink's subscription: Intuned's schedule, the sink's headers and timeout, the project's
   * secret.
   */
  private Endpoint sinkEndpoint(Project p, Sink sink) {
    String key = "sink:" + p.id() + ":" + hash(sink.normalized().toString());
    Endpoint ep = endpoints.findByStyleKey(p.tenantId(), EndpointKind.INTUNED_SINK, key);
    if (ep != null) {
      return ep;
    }
    // Whole seconds for the engine's column; the style applies the milliseconds (timeoutMillis).
    int timeoutSeconds = Math.max(1, (int) Math.ceil(sink.effectiveTimeoutMillis() / 1000.0));
    String config =
        projectConfig(p).add("timeoutMillis", sink.effectiveTimeoutMillis()).build().toString();
    return endpoints.create(
        p.tenantId(),
        EndpointKind.INTUNED_SINK,
        null,
        EndpointDraft.ofUrl(sink.url())
            .withHeaders(sink.headers() == null ? Map.of() : sink.headers())
            .withTimeout(timeoutSeconds)
            .withRetryPolicy(RetryPolicy.exponential(10, 2, 120, sink.effectiveRetry() + 1, 3600.0))
            .withStyle(key, config, projectSecrets(p)));
  }

  /** What both of a project's subscriptions store as style configuration: the project. */
  private static JsonObjectBuilder projectConfig(Project p) {
    return Jsonp.PROVIDER.createObjectBuilder().add("projectId", p.publicId());
  }

  /** What both of a project's subscriptions keep sealed: the project's signing secret. */
  private String projectSecrets(Project p) {
    return Jsonp.PROVIDER.createObjectBuilder().add("secret", projectSecret(p)).build().toString();
  }

  private void checkSink(Long tenantId, Project p, Sink sink) {
    Validation v = new Validation();
    destinations.check(tenantId, sink.url(), "sink.url", v);
    sink.checkApis(apiNames(p), "sink", v);
    v.throwIfInvalid();
  }

  // ---- a finished API run: result, sink, job bookkeeping (inside the recording transaction) ----

  public void apiRunFinished(DeliveryFinished f) {
    String runId = JsonText.parseObject(f.event().payload()).getString("runId", null);
    ApiRun run =
        em.createNamedQuery("ApiRun.byRunId", ApiRun.class)
            .setParameter("runId", runId)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (run == null || run.isFinal()) {
      return;
    }
    if (run.jobRunId() != null) {
      // Lock the Job run first, as terminate does: a run it canceled meanwhile stays canceled.
      JobRun locked = em.find(JobRun.class, run.jobRunId(), LockModeType.PESSIMISTIC_WRITE);
      em.refresh(run);
      if (locked == null || run.isFinal()) {
        return;
      }
    }
    Integer code = f.lastOutcome() == null ? null : f.lastOutcome().status();
    if (f.status() == DeliveryEnd.SUCCEEDED) {
      JsonObject reply = JsonText.parseObject(f.lastOutcome().body());
      JsonValue extended = reply.get("extendedPayloads");
      run.completed(
          reply.get("result").toString(),
          extended instanceof JsonArray a ? a.toString() : null,
          code);
    } else {
      String reason = f.reason() == null ? "the API run failed" : f.reason();
      FailureKind kind = f.lastOutcome() == null ? null : f.lastOutcome().failure();
      String error =
          kind == FailureKind.TIMEOUT
              ? "TIMEOUT"
              : kind == FailureKind.REJECTED_RESPONSE ? "INVALID_REPLY" : "API_ERROR";
      run.failed(error, reason, code);
    }
    Project p = em.find(Project.class, run.projectId());
    JobRun jobRun = run.jobRunId() == null ? null : em.find(JobRun.class, run.jobRunId());
    Job job = jobRun == null ? null : em.find(Job.class, jobRun.jobId());
    List<IncomingEvent> later = new ArrayList<>();
    Sink stored = job != null ? job.definition().sink() : run.sink();
    Sink sink = stored == null ? null : stored.mapHeaderValues(keyring::open);
    if (sink != null) {
      if (sink.wants(run.api(), run.status() == RunStatus.COMPLETED)) {
        Endpoint ep = sinkEndpoint(p, sink);
        later.add(
            new IncomingEvent(
                SINK_EVENT,
                sinkBody(em.find(Tenant.class, p.tenantId()).publicId(), p, job, jobRun, run)
                    .toString(),
                null,
                null,
                null,
                List.of(ep.id()),
                null));
      }
    }
    if (jobRun != null && jobRun.isOpen() && job == null) {
      jobRun.finish(RunStatus.TERMINATED); // its Job was deleted while this call was out
    } else if (jobRun != null && jobRun.isOpen()) {
      JsonValue extended =
          run.extendedPayloads() == null ? null : JsonText.parse(run.extendedPayloads());
      if (extended instanceof JsonArray a) {
        long runs =
            em.createQuery("SELECT COUNT(r) FROM ApiRun r WHERE r.jobRunId = :jr", Long.class)
                .setParameter("jr", jobRun.id())
                .getSingleResult();
        int added = 0;
        for (JsonValue x : a) {
          if (runs + added >= MAX_API_RUNS_PER_JOB_RUN) {
            LOG.info(
                "job run "
                    + jobRun.publicId()
                    + " reached "
                    + MAX_API_RUNS_PER_JOB_RUN
                    + " API runs: further extendedPayloads are not run");
            break;
          }
          added++;
          if (x instanceof JsonObject o
              && o.get("api") instanceof JsonString api
              && apiNames(p).contains(api.getString())) {
            em.persist(
                new ApiRun(
                    RunIds.nanoid(),
                    run.tenantId(),
                    p.id(),
                    jobRun.id(),
                    api.getString(),
                    o.containsKey("parameters") ? o.get("parameters").toString() : "{}",
                    run.maxAttempts(),
                    run.requestTimeout(),
                    null));
          }
        }
        em.flush();
      }
      later.addAll(fill(p, job, jobRun));
    }
    if (!later.isEmpty()) {
      followUps.emit(run.tenantId(), later);
    }
  }

  static JsonObject sinkBody(String workspace, Project p, Job job, JobRun jobRun, ApiRun run) {
    JsonObjectBuilder result =
        Jsonp.PROVIDER.createObjectBuilder().add("status", run.status().wire());
    if (run.status() == RunStatus.COMPLETED) {
      result.add("result", JsonText.parse(run.result()));
    } else {
      result
          .add("error", run.error() == null ? "" : run.error())
          .add("message", run.message() == null ? "" : run.message());
    }
    if (run.statusCode() != null) {
      result.add("statusCode", run.statusCode());
    } else {
      result.addNull("statusCode");
    }
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("workspaceId", workspace)
            .add(
                "project",
                Jsonp.PROVIDER.createObjectBuilder().add("id", p.publicId()).add("name", p.name()));
    if (job != null) {
      b.add("projectJob", Jsonp.PROVIDER.createObjectBuilder().add("id", job.jobKey()));
      b.add("projectJobRun", Jsonp.PROVIDER.createObjectBuilder().add("id", jobRun.publicId()));
    }
    return b.add(
            "apiInfo",
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("name", run.api())
                .add("runId", run.runId())
                .add("parameters", JsonText.parse(run.parameters()))
                .add("result", result))
        .build();
  }

  // ---- jobs ----

  /** Creates a Job; its calls must name APIs of the project, its sink an allowed destination. */
  public Job createJob(Long tenantId, String projectName, JobDefinition def) {
    Project p = project(tenantId, projectName);
    check(p, def);
    if (findJob(p, def.id()) != null) {
      throw ApiFailure.conflict("job " + def.id() + " exists already");
    }
    Job job = new Job(tenantId, p.id(), def.id(), sealed(def));
    em.persist(job);
    em.flush();
    schedules.schedule(job);
    return job;
  }

  /** Replaces a Job's definition (its id stays) and its schedule. */
  public Job replaceJob(Long tenantId, String projectName, String key, JobDefinition def) {
    Job job = job(tenantId, projectName, key);
    check(em.find(Project.class, job.projectId()), def);
    // A definition read back from GET shows credentials masked: a masked value sent back keeps
    // the stored one, as an Apono webhook's secrets do.
    // To another url they are never sent unless given again.
    Sink before = job.definition().sink();
    Map<String, String> kept =
        before == null || before.headers() == null ? Map.of() : before.headers();
    boolean sameUrl =
        before != null && def.sink() != null && Objects.equals(before.url(), def.sink().url());
    Validation v = new Validation();
    JobDefinition merged =
        def.mapSinkHeaders(
            (name, value) -> {
              String old = kept.get(name);
              if (old != null && OutgoingRequest.looksSensitive(name)) {
                String opened = keyring.open(old);
                if (value.equals(OutgoingRequest.mask(opened))) {
                  if (!sameUrl) {
                    v.add(
                        "sink.headers." + name,
                        "is masked: give the value again when the sink's url changes");
                  }
                  return opened;
                }
              }
              return value;
            });
    v.throwIfInvalid();
    job.definition(sealed(merged.withId(key)));
    schedules.cancel(job);
    schedules.schedule(job);
    return job;
  }

  /** A definition as stored: its sink's header values sealed (they are often credentials). */
  private JobDefinition sealed(JobDefinition def) {
    return def.mapSinkHeaders((name, value) -> keyring.seal(value));
  }

  /**
   * A Job's definition as shown: the fields given, with the sink's header values that look like
   * credentials masked, as an endpoint's headers are.
   */
  public JsonObject shownDefinition(Job job) {
    return job.definition()
        .mapSinkHeaders(
            (name, value) ->
                OutgoingRequest.looksSensitive(name)
                    ? OutgoingRequest.mask(keyring.open(value))
                    : keyring.open(value))
        .toJson();
  }

  /** Seals a stored Job definition's sink headers again with the current key (key rotation). */
  public static String resealDefinition(String stored, UnaryOperator<String> reseal) {
    return JobDefinition.stored(stored)
        .mapSinkHeaders((name, value) -> reseal.apply(value))
        .toJson()
        .toString();
  }

  /** Seals a stored Run sink's headers again with the current key (key rotation). */
  public static String resealSink(String stored, UnaryOperator<String> reseal) {
    Sink sink = Sink.stored(stored);
    return sink == null ? null : sink.mapHeaderValues(reseal).normalized().toString();
  }

  private void check(Project p, JobDefinition def) {
    Validation v = new Validation();
    def.check(apiNames(p), settings.intunedMinInterval(), v);
    if (def.sink() != null) {
      destinations.check(p.tenantId(), def.sink().url(), "sink.url", v);
      def.sink().checkApis(apiNames(p), "sink", v);
    }
    v.throwIfInvalid();
  }

  /** Deletes a Job: its schedule stops and its open runs are terminated. */
  public void deleteJob(Long tenantId, String projectName, String key) {
    Job job = job(tenantId, projectName, key);
    schedules.cancel(job);
    for (JobRun jr :
        em.createNamedQuery("JobRun.ofJob", JobRun.class)
            .setParameter("jobId", job.id())
            .getResultList()) {
      if (jr.isOpen()) {
        apiRuns(jr).forEach(ApiRun::canceled);
        jr.finish(RunStatus.TERMINATED);
      }
    }
    em.remove(job);
  }

  public Job job(Long tenantId, String projectName, String key) {
    Job j = findJob(project(tenantId, projectName), key);
    if (j == null) {
      throw ApiFailure.notFound("job " + key);
    }
    return j;
  }

  public List<Job> jobs(Long tenantId, String projectName) {
    return em.createNamedQuery("Job.ofProject", Job.class)
        .setParameter("projectId", project(tenantId, projectName).id())
        .getResultList();
  }

  private Job findJob(Project p, String key) {
    return em.createNamedQuery("Job.byKey", Job.class)
        .setParameter("projectId", p.id())
        .setParameter("jobKey", key)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  public Job setPaused(Long tenantId, String projectName, String key, boolean paused) {
    Job job = job(tenantId, projectName, key);
    job.paused(paused);
    return job;
  }

  /** Starts a Job run on demand; its API runs go out on workers. */
  public String trigger(Long tenantId, String projectName, String key) {
    return startJobRun(job(tenantId, projectName, key).id());
  }

  /**
   * Starts a Job run (on demand or by its schedule): the run, its API runs and the deliveries of
   * the first ones in one transaction.
   */
  public String startJobRun(Long jobId) {
    Job job = em.find(Job.class, jobId);
    if (job == null) {
      throw ApiFailure.notFound("job " + jobId + " (deleted)");
    }
    if (job.paused()) {
      throw ApiFailure.conflict("job " + job.jobKey() + " is paused");
    }
    if (!settings.intunedOverlappingRuns()) {
      // Locked, so that two starts at once (a timer and a request) cannot both see none open.
      em.lock(job, LockModeType.PESSIMISTIC_WRITE);
      Long open =
          em.createQuery(
                  "SELECT COUNT(r) FROM JobRun r WHERE r.jobId = :job AND r.status = :started",
                  Long.class)
              .setParameter("job", job.id())
              .setParameter("started", RunStatus.STARTED)
              .getSingleResult();
      if (open > 0) {
        throw ApiFailure.conflict(
            "a run of job "
                + job.jobKey()
                + " is still open; runs of one job do not overlap"
                + " (WEBHOOKS_INTUNED_OVERLAPPING_RUNS)");
      }
    }
    Project p = em.find(Project.class, job.projectId());
    JobDefinition def = job.definition();
    JobRun jobRun = new JobRun(java.util.UUID.randomUUID().toString(), job.id());
    em.persist(jobRun);
    em.flush();
    for (JobDefinition.Call call : def.payload()) {
      em.persist(
          new ApiRun(
              RunIds.nanoid(),
              job.tenantId(),
              p.id(),
              jobRun.id(),
              call.apiName(),
              call.parameters() == null ? "{}" : call.parameters().toString(),
              call.maximumAttempts() == null ? def.defaultAttempts() : call.maximumAttempts(),
              call.requestTimeout() == null ? def.defaultRequestTimeout() : call.requestTimeout(),
              null));
    }
    em.flush();
    List<IncomingEvent> first = fill(p, job, jobRun);
    if (!first.isEmpty()) {
      followUps.emit(job.tenantId(), first);
    }
    return jobRun.publicId();
  }

  /**
   * Sends pending API runs of a Job run up to its concurrency; closes the Job run when none is
   * left.
   */
  private List<IncomingEvent> fill(Project p, Job job, JobRun jobRun) {
    int max = job.definition().maxConcurrentRequests();
    List<ApiRun> runs =
        em.createNamedQuery("ApiRun.ofJobRun", ApiRun.class)
            .setParameter("jobRunId", jobRun.id())
            .getResultList();
    long running = runs.stream().filter(r -> r.status() == RunStatus.STARTED).count();
    List<IncomingEvent> out = new ArrayList<>();
    for (ApiRun r : runs) {
      if (running >= max) {
        break;
      }
      if (r.status() == RunStatus.PENDING) {
        out.add(apiRunEvent(p, r));
        r.started();
        running++;
      }
    }
    if (running == 0 && runs.stream().allMatch(ApiRun::isFinal)) {
      jobRun.finish(
          runs.stream().allMatch(r -> r.status() == RunStatus.COMPLETED)
              ? RunStatus.COMPLETED
              : RunStatus.FAILED);
    }
    return out;
  }

  public JobRun jobRun(Long tenantId, String projectName, String key, String jobRunId) {
    Job job = job(tenantId, projectName, key);
    return em.createNamedQuery("JobRun.byPublicId", JobRun.class)
        .setParameter("publicId", jobRunId)
        .getResultStream()
        .filter(r -> r.jobId().equals(job.id()))
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("job run " + jobRunId));
  }

  public List<JobRun> jobRuns(Long tenantId, String projectName, String key) {
    return em.createNamedQuery("JobRun.ofJob", JobRun.class)
        .setParameter("jobId", job(tenantId, projectName, key).id())
        .getResultList();
  }

  public List<ApiRun> apiRuns(JobRun jobRun) {
    return em.createNamedQuery("ApiRun.ofJobRun", ApiRun.class)
        .setParameter("jobRunId", jobRun.id())
        .getResultList();
  }

  /**
   * Stops a Job run: API runs not yet finished are canceled (one already sent may still answer).
   */
  public JobRun terminate(Long tenantId, String projectName, String key, String jobRunId) {
    JobRun jr = jobRun(tenantId, projectName, key, jobRunId);
    em.refresh(jr, LockModeType.PESSIMISTIC_WRITE); // a finishing API run waits for this
    if (jr.isOpen()) {
      apiRuns(jr).forEach(ApiRun::canceled);
      jr.finish(RunStatus.TERMINATED);
    }
    return jr;
  }

  static String hash(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
