package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The server's REST API as the harness uses it. Every call carries the bench API key. Replies are
 * returned raw (status, body, timing); helpers parse the few shapes the scenarios rely on and fail
 * loudly when they differ, so an API mismatch shows up as a clear error instead of a wrong number.
 */
final class Api {
  /** One HTTP exchange: status, body, and when the reply was complete (System.nanoTime). */
  record Reply(int status, String body, long doneNanos) {
    Object json() {
      return Json.parse(body);
    }

    Reply expect(int... ok) {
      for (int s : ok) {
        if (status == s) {
          return this;
        }
      }
      throw new ApiException(status, body);
    }
  }

  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String body) {
      super(
          "HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
      this.status = status;
    }
  }

  /** How long a member that refused a connection is left out of the rotation. */
  private static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final List<String> bases;
  private final AtomicLongArray downUntil;
  private final AtomicInteger turn = new AtomicInteger();
  private final String auth;
  private final HttpClient http;

  /**
   * @param baseUrls one server, or the members of a cluster: every call goes to the next member in
   *     turn that has not failed a call in the last two seconds, so load spreads evenly and a
   *     killed member costs one failed call (which Ingest retries, on another member) rather than
   *     every other one.
   */
  Api(List<String> baseUrls, String apiKey) {
    this.bases = List.copyOf(baseUrls);
    this.downUntil = new AtomicLongArray(bases.size());
    this.auth = "Bearer " + apiKey;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  // ---- raw calls ----

  Reply get(String path) throws IOException, InterruptedException {
    int member = pick();
    return send(member, request(member, path).GET().build());
  }

  Reply post(String path, String json) throws IOException, InterruptedException {
    int member = pick();
    return send(member, jsonPost(member, path, json));
  }

  Reply delete(String path) throws IOException, InterruptedException {
    int member = pick();
    return send(member, request(member, path).DELETE().build());
  }

  /**
   * Asynchronous POST: the reply time is stamped when the response completes, not when a thread
   * gets to it.
   */
  CompletableFuture<Reply> postAsync(String path, String json) {
    int member = pick();
    return http.sendAsync(jsonPost(member, path, json), HttpResponse.BodyHandlers.ofString())
        .whenComplete((r, e) -> failed(member, e))
        .thenApply(r -> new Reply(r.statusCode(), r.body(), System.nanoTime()));
  }

  /** Whether every member answers ready. */
  boolean ready() {
    for (int m = 0; m < bases.size(); m++) {
      if (!ready(m)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when GET /health/ready of one member answers 200 within a second; false on any other
   * answer or no answer.
   */
  boolean ready(int member) {
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(bases.get(member) + "/health/ready"))
              .timeout(Duration.ofSeconds(1))
              .GET()
              .build();
      return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The same server (or cluster members), every call carrying another key: how a scenario acts as a
   * tenant it created.
   */
  Api withKey(String apiKey) {
    return new Api(bases, apiKey);
  }

  // ---- the API shapes the scenarios depend on ----

  /** A tenant made by {@link #createTenant}: its public id and its API key (shown only once). */
  record NewTenant(String id, String apiKey) {}

  /**
   * POST /api/tenants (the bootstrap key only) -> 201 {"id", "name", "apiKey"}. Tenants cannot be
   * deleted: every call leaves one behind on the server.
   */
  NewTenant createTenant(String name) throws IOException, InterruptedException {
    Reply r = post("/api/tenants", "{\"name\":" + Json.quote(name) + "}").expect(201);
    Map<String, Object> o = Json.object(r.json());
    return new NewTenant(
        require(o, "id", "POST /api/tenants"), require(o, "apiKey", "POST /api/tenants"));
  }

  /**
   * POST /api/endpoints; returns the new endpoint's id. {@code extraFields} is raw JSON members
   * appended to the body, e.g. {@code "timeoutSeconds":2}.
   */
  String createEndpoint(String url, List<String> eventTypes, String extraFields)
      throws IOException, InterruptedException {
    String body =
        "{\"url\":"
            + Json.quote(url)
            + ",\"eventTypes\":"
            + Json.stringArray(eventTypes)
            + (extraFields == null || extraFields.isEmpty() ? "" : "," + extraFields)
            + "}";
    Reply r = post("/api/endpoints", body).expect(200, 201);
    return require(Json.object(r.json()), "id", "POST /api/endpoints");
  }

  void pause(String endpointId) throws IOException, InterruptedException {
    post("/api/endpoints/" + endpointId + "/pause", "{}").expect(200, 202, 204);
  }

  void resume(String endpointId) throws IOException, InterruptedException {
    post("/api/endpoints/" + endpointId + "/resume", "{}").expect(200, 202, 204);
  }

  Map<String, Object> endpoint(String endpointId) throws IOException, InterruptedException {
    return Json.object(get("/api/endpoints/" + endpointId).expect(200).json());
  }

  /**
   * Best-effort cleanup so a scenario's endpoints stop receiving (and retrying) once it is done:
   * pause, then delete. Failures are ignored; a leftover endpoint only matters if it keeps
   * retrying, and pause stops that.
   */
  void retire(List<String> endpointIds) {
    for (String id : endpointIds) {
      try {
        post("/api/endpoints/" + id + "/pause", "{}");
        delete("/api/endpoints/" + id);
      } catch (IOException | RuntimeException e) {
        // ignore: see above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Single event ingest: 202 {"id", "deliveries"}. */
  record Accepted(String id, int deliveries, long replyNanos) {}

  Accepted ingest(String eventJson) throws IOException, InterruptedException {
    return accepted(post("/api/events", eventJson));
  }

  static Accepted accepted(Reply r) {
    r.expect(202);
    Map<String, Object> o = Json.object(r.json());
    return new Accepted(
        require(o, "id", "POST /api/events"),
        (int) Json.number(o, "deliveries", -1),
        r.doneNanos());
  }

  /** Batch ingest: 202 {"ids": [...]}, one id per event in order. */
  List<String> ingestBatch(String arrayJson) throws IOException, InterruptedException {
    Reply r = post("/api/events/batch", arrayJson).expect(202);
    Object ids = Json.object(r.json()).get("ids");
    if (ids == null) {
      throw new IllegalStateException("POST /api/events/batch: reply has no \"ids\": " + r.body());
    }
    List<String> out = new ArrayList<>();
    for (Object id : Json.array(ids)) {
      out.add(Json.asText(id));
    }
    return out;
  }

  /**
   * GET /api/deliveries?endpointId=...: the first page of one endpoint's deliveries. Accepts the
   * page object {"data": [...], "nextCursor"} (also "items"/"deliveries") or a bare array.
   */
  List<Map<String, Object>> deliveriesOf(String endpointId)
      throws IOException, InterruptedException {
    String q = java.net.URLEncoder.encode(endpointId, java.nio.charset.StandardCharsets.UTF_8);
    Object v = get("/api/deliveries?endpointId=" + q).expect(200).json();
    if (v instanceof Map<?, ?>) {
      Map<String, Object> page = Json.object(v);
      v = page.getOrDefault("data", page.getOrDefault("items", page.get("deliveries")));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : Json.array(v)) {
      out.add(Json.object(o));
    }
    return out;
  }

  /** GET /api/deliveries/{id}: {"id", "status", ..., "attempts": [{"startedAt", ...}]}. */
  Map<String, Object> delivery(String deliveryId) throws IOException, InterruptedException {
    return Json.object(get("/api/deliveries/" + deliveryId).expect(200).json());
  }

  // ---- plumbing ----

  /**
   * The next member in turn that has not failed a call lately; if every member has, the next one
   * anyway.
   */
  private int pick() {
    int n = bases.size();
    int first = Math.floorMod(turn.getAndIncrement(), n);
    long now = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int m = (first + i) % n;
      if (downUntil.get(m) - now <= 0) {
        return m;
      }
    }
    return first;
  }

  private void failed(int member, Throwable e) {
    if (e != null && bases.size() > 1) {
      downUntil.set(member, System.nanoTime() + DOWN_NANOS);
    }
  }

  private HttpRequest.Builder request(int member, String path) {
    return HttpRequest.newBuilder(URI.create(bases.get(member) + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", auth)
        .header("Accept", "application/json");
  }

  private HttpRequest jsonPost(int member, String path, String json) {
    return request(member, path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private Reply send(int member, HttpRequest r) throws IOException, InterruptedException {
    try {
      HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
      return new Reply(resp.statusCode(), resp.body(), System.nanoTime());
    } catch (IOException e) {
      failed(member, e);
      throw e;
    }
  }

  private static String require(Map<String, Object> o, String field, String where) {
    String v = Json.text(o, field);
    if (v == null) {
      throw new IllegalStateException(where + ": reply has no \"" + field + "\": " + o);
    }
    return v;
  }
}
