package dev.webhooks.api.intuned;

import dev.webhooks.api.requests.Create;
import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Contention;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.styles.intuned.ApiRun;
import dev.webhooks.styles.intuned.IntunedRuns;
import dev.webhooks.styles.intuned.Job;
import dev.webhooks.styles.intuned.JobDefinition;
import dev.webhooks.styles.intuned.JobRun;
import dev.webhooks.styles.intuned.Project;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /{workspaceId}/projects/{projectName}/...}: the workspace must be the caller's (else 403).
 */
@Path("/{workspaceId}/projects/{projectName}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Intuned runs and jobs", description = "API runs with webhook sinks")
public class IntunedResource {
  @Inject CurrentCaller caller;
  @Inject IntunedRuns runs;

  @PathParam("workspaceId")
  String workspaceId;

  @PathParam("projectName")
  String projectName;

  private Long tenant() {
    if (!caller.get().tenantPublicId().equals(workspaceId)) {
      throw ApiFailure.forbidden("workspace " + workspaceId + " is not this API key's workspace");
    }
    if (!projectName.matches("[A-Za-z0-9_.-]{1,100}")) {
      throw ApiFailure.invalid("projectName", "must be 1-100 letters, digits, '.', '_' or '-'");
    }
    return caller.tenantId();
  }

  private JsonObject shown(Project p) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("id", p.publicId())
        .add("name", p.name())
        .add("apis", JsonText.parseObject(p.apis()))
        .add("signingSecret", runs.projectSecret(p))
        .build();
  }

  @PUT
  @Operation(
      operationId = "declareProject",
      summary = "Declare the project's APIs: name -> {\"url\"} of the service performing it")
  @APIResponse(
      responseCode = "201",
      description = "Declared for the first time",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "Declared again: its APIs replaced",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Response putProject(@NotNull(message = "is required") @Valid ProjectRequest body) {
    Long tenant = tenant();
    IntunedRuns.ProjectSaved saved = runs.putProject(tenant, projectName, body.urls());
    return Response.status(saved.created() ? 201 : 200).entity(shown(saved.project())).build();
  }

  @GET
  @Operation(operationId = "getProject", summary = "The project")
  public JsonObject getProject() {
    return shown(runs.project(tenant(), projectName));
  }

  @POST
  @Path("run/start")
  @Operation(
      operationId = "startRun",
      summary = "Start a Run of one API; it executes on a worker, never on this request")
  @APIResponse(
      responseCode = "201",
      description = "The Run is started; poll its result",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Response startRun(@NotNull(message = "is required") @Valid RunRequest body) {
    Long tenant = tenant();
    String runId =
        runs.startRun(
            tenant,
            projectName,
            body.api(),
            body.parameters(),
            body.maximumAttempts(),
            body.timeoutSeconds(),
            SinkRequest.sink(body.sink()));
    return Response.status(201)
        .entity(
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("runId", runId)
                .add("status", "pending")
                .build())
        .build();
  }

  @GET
  @Path("run/{runId}/result")
  @Operation(operationId = "getRunResult", summary = "A Run's status and result")
  public JsonObject result(@PathParam("runId") String runId) {
    return runView(runs.run(tenant(), projectName, runId)).build();
  }

  static JsonObjectBuilder runView(ApiRun r) {
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("runId", r.runId())
            .add("status", r.status().wire());
    if (r.result() != null) {
      b.add("result", JsonText.parse(r.result()));
    }
    if (r.error() != null) {
      b.add("error", r.error());
    }
    if (r.message() != null) {
      b.add("message", r.message());
    }
    if (r.extendedPayloads() != null) {
      b.add("extendedPayloads", JsonText.parse(r.extendedPayloads()));
    }
    return b;
  }

  // ---- jobs ----

  private JsonObject jobView(Job j) {
    return Jsonp.PROVIDER
        .createObjectBuilder(runs.shownDefinition(j))
        .add("id", j.jobKey())
        .add("paused", j.paused())
        .build();
  }

  @POST
  @Path("jobs")
  @Operation(operationId = "createJob", summary = "Create a Job")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Response createJob(
      @NotNull(message = "is required") @Valid @ConvertGroup(to = Create.class) JobRequest body) {
    Long tenant = tenant();
    JobDefinition def = body.definition();
    // Creating a job also creates persistent timers in the same database: retry if Derby picked it
    // as a victim.
    Job j = Contention.retry(3, () -> runs.createJob(tenant, projectName, def));
    return Response.status(201)
        .entity(
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("id", j.jobKey())
                .add("message", "created")
                .build())
        .build();
  }

  @GET
  @Path("jobs")
  @Operation(operationId = "listJobs", summary = "The project's Jobs")
  public List<JsonObject> jobs() {
    return runs.jobs(tenant(), projectName).stream().map(this::jobView).toList();
  }

  @GET
  @Path("jobs/{jobId}")
  @Operation(operationId = "getJob", summary = "A Job")
  public JsonObject job(@PathParam("jobId") String jobId) {
    return jobView(runs.job(tenant(), projectName, jobId));
  }

  @PUT
  @Path("jobs/{jobId}")
  @Operation(operationId = "replaceJob", summary = "Replace a Job's definition")
  public JsonObject replaceJob(
      @PathParam("jobId") String jobId, @NotNull(message = "is required") @Valid JobRequest body) {
    Long tenant = tenant();
    JobDefinition def = body.definition();
    return jobView(Contention.retry(3, () -> runs.replaceJob(tenant, projectName, jobId, def)));
  }

  @DELETE
  @Path("jobs/{jobId}")
  @Operation(operationId = "deleteJob", summary = "Delete a Job and cancel its schedule")
  @APIResponse(responseCode = "204", description = "Deleted, its schedule cancelled")
  public Response deleteJob(@PathParam("jobId") String jobId) {
    Long tenant = tenant();
    Contention.retry(
        3,
        () -> {
          runs.deleteJob(tenant, projectName, jobId);
          return null;
        });
    return Response.noContent().build();
  }

  @POST
  @Path("jobs/{jobId}/pause")
  @Operation(operationId = "pauseJob", summary = "Pause a Job: its schedule does not fire")
  public JsonObject pause(@PathParam("jobId") String jobId) {
    return jobView(runs.setPaused(tenant(), projectName, jobId, true));
  }

  @POST
  @Path("jobs/{jobId}/resume")
  @Operation(operationId = "resumeJob", summary = "Resume a Job")
  public JsonObject resume(@PathParam("jobId") String jobId) {
    return jobView(runs.setPaused(tenant(), projectName, jobId, false));
  }

  @POST
  @Path("jobs/{jobId}/trigger")
  @Operation(operationId = "triggerJob", summary = "Start a Job run now")
  public JsonObject trigger(@PathParam("jobId") String jobId) {
    Long tenant = tenant();
    String jobRunId = Contention.retry(3, () -> runs.trigger(tenant, projectName, jobId));
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("jobRunId", jobRunId)
        .add("message", "triggered")
        .build();
  }

  private JsonObject jobRunView(String jobId, JobRun r) {
    JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
    for (ApiRun a : runs.apiRuns(r)) {
      list.add(
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("runId", a.runId())
              .add("api", a.api())
              .add("status", a.status().wire()));
    }
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("id", r.publicId())
            .add("jobId", jobId)
            .add("status", r.status().wire())
            .add("startedAt", r.startedAt().toString());
    if (r.finishedAt() != null) {
      b.add("finishedAt", r.finishedAt().toString());
    } else {
      b.addNull("finishedAt");
    }
    return b.add("runs", list).build();
  }

  @GET
  @Path("jobs/{jobId}/runs")
  @Operation(operationId = "listJobRuns", summary = "The Job's runs")
  public List<JsonObject> jobRuns(@PathParam("jobId") String jobId) {
    return runs.jobRuns(tenant(), projectName, jobId).stream()
        .map(r -> jobRunView(jobId, r))
        .toList();
  }

  @GET
  @Path("jobs/{jobId}/runs/{jobRunId}")
  @Operation(operationId = "getJobRun", summary = "A Job run with its API runs")
  public JsonObject jobRun(
      @PathParam("jobId") String jobId, @PathParam("jobRunId") String jobRunId) {
    return jobRunView(jobId, runs.jobRun(tenant(), projectName, jobId, jobRunId));
  }

  @POST
  @Path("jobs/{jobId}/runs/{jobRunId}/terminate")
  @Operation(operationId = "terminateJobRun", summary = "Terminate a Job run")
  public JsonObject terminate(
      @PathParam("jobId") String jobId, @PathParam("jobRunId") String jobRunId) {
    return jobRunView(jobId, runs.terminate(tenant(), projectName, jobId, jobRunId));
  }
}
