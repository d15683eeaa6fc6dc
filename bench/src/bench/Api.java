package bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
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
 * Bodies are written and read with JSON-P.
 */
final class Api {
  /** Made once: {@link Json#createParser} looks the provider up again on every call. */
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  /** One HTTP exchange: status, body, and when the reply was complete (System.nanoTime). */
  record Reply(int status, String body, long doneNanos) {
    /**
     * The body as JSON: one value and nothing after it (a JsonReader would ignore what follows, the
     * parser's hasNext() refuses it).
     */
    JsonValue json() {
      try (JsonParser p = PARSERS.createParser(new StringReader(body))) {
        p.next();
        JsonValue v = p.getValue();
        if (p.hasNext()) {
          throw new JsonParsingException("trailing characters", p.getLocation());
        }
        return v;
      }
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
    String body = Json.createObjectBuilder().add("name", name).build().toString();
    Reply r = post("/api/tenants", body).expect(201);
    JsonObject o = object(r.json());
    return new NewTenant(
        require(o, "id", "POST /api/tenants"), require(o, "apiKey", "POST /api/tenants"));
  }

  /**
   * POST /api/endpoints; returns the new endpoint's id. {@code extraFields} (null for none) are
   * members added to the body after {@code url} and {@code eventTypes}, e.g. {@code
   * {"timeoutSeconds":2}}.
   */
  String createEndpoint(String url, List<String> eventTypes, JsonObject extraFields)
      throws IOException, InterruptedException {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("url", url)
            .add("eventTypes", Json.createArrayBuilder(eventTypes));
    if (extraFields != null) {
      extraFields.forEach(body::add);
    }
    Reply r = post("/api/endpoints", body.build().toString()).expect(200, 201);
    return require(object(r.json()), "id", "POST /api/endpoints");
  }

  void pause(String endpointId) throws IOException, InterruptedException {
    post("/api/endpoints/" + endpointId + "/pause", "{}").expect(200, 202, 204);
  }

  void resume(String endpointId) throws IOException, InterruptedException {
    post("/api/endpoints/" + endpointId + "/resume", "{}").expect(200, 202, 204);
  }

  JsonObject endpoint(String endpointId) throws IOException, InterruptedException {
    return object(get("/api/endpoints/" + endpointId).expect(200).json());
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
    JsonObject o = object(r.json());
    return new Accepted(
        require(o, "id", "POST /api/events"), o.getInt("deliveries", -1), r.doneNanos());
  }

  /** Batch ingest: 202 {"ids": [...]}, one id per event in order. */
  List<String> ingestBatch(String arrayJson) throws IOException, InterruptedException {
    Reply r = post("/api/events/batch", arrayJson).expect(202);
    JsonValue ids = object(r.json()).get("ids");
    if (ids == null) {
      throw new IllegalStateException("POST /api/events/batch: reply has no \"ids\": " + r.body());
    }
    JsonArray array = array(ids);
    List<String> out = new ArrayList<>(array.size());
    for (JsonValue id : array) {
      out.add(text(id));
    }
    return out;
  }

  /**
   * GET /api/deliveries?endpointId=...: the first page of one endpoint's deliveries. Accepts the
   * page object {"data": [...], "nextCursor"} (also "items"/"deliveries") or a bare array.
   */
  List<JsonObject> deliveriesOf(String endpointId) throws IOException, InterruptedException {
    String q = java.net.URLEncoder.encode(endpointId, java.nio.charset.StandardCharsets.UTF_8);
    JsonValue v = get("/api/deliveries?endpointId=" + q).expect(200).json();
    if (v instanceof JsonObject page) {
      v = page.getOrDefault("data", page.getOrDefault("items", page.get("deliveries")));
    }
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue o : array(v)) {
      out.add(object(o));
    }
    return out;
  }

  /** GET /api/deliveries/{id}: {"id", "status", ..., "attempts": [{"startedAt", ...}]}. */
  JsonObject delivery(String deliveryId) throws IOException, InterruptedException {
    return object(get("/api/deliveries/" + deliveryId).expect(200).json());
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

  private static String require(JsonObject o, String field, String where) {
    String v = text(o, field);
    if (v == null) {
      throw new IllegalStateException(where + ": reply has no \"" + field + "\": " + o);
    }
    return v;
  }

  // ---- reading parsed replies without casts all over the scenarios ----

  static JsonObject object(JsonValue v) {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new IllegalArgumentException("expected a JSON object, got " + describe(v));
  }

  static JsonArray array(JsonValue v) {
    if (v instanceof JsonArray a) {
      return a;
    }
    throw new IllegalArgumentException("expected a JSON array, got " + describe(v));
  }

  /**
   * A field as text: strings as they are, numbers without a trailing ".0" (ids may be either); null
   * when the field is missing or null.
   */
  static String text(JsonObject o, String field) {
    return text(o.get(field));
  }

  static String text(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonNumber n) {
      if (n.isIntegral()) {
        return n.bigIntegerValue().toString();
      }
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d)
          ? Long.toString((long) d)
          : Double.toString(d);
    }
    return v.toString();
  }

  private static String describe(JsonValue v) {
    return v == null ? "null" : v.getValueType().toString();
  }
}
