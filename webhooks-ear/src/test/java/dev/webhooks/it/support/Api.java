package dev.webhooks.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client for the platform's REST API, authenticated with one API key. */
public final class Api {
  public static final String BASE = System.getProperty("it.baseUrl", "http://localhost:9181");
  public static final String BOOTSTRAP_KEY =
      System.getProperty("it.apiKey", "it-bootstrap-key-0123456789abcdef");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static {
    // The server reports started before the application has finished starting: wait for both.
    // A timeout here must not fail the class's initialisation: that would make the class unusable
    // for every later test of the run (NoClassDefFoundError), including the restarts that would
    // bring the server back. The first request of a test then fails with its own message.
    try {
      Await.until(
          () -> {
            try {
              return anonymous("/health/ready").status() == 200
                  && new Api(BOOTSTRAP_KEY, null).get("/api/endpoints").status() == 200;
            } catch (RuntimeException e) {
              return false;
            }
          },
          Duration.ofSeconds(180),
          "the platform to be ready");
    } catch (AssertionError e) {
      System.err.println("Api: " + e.getMessage() + "; going on (the tests will say what fails)");
    }
  }

  private final String key;
  public final String tenantId;

  public Api(String key, String tenantId) {
    this.key = key;
    this.tenantId = tenantId;
  }

  /** The API key this client sends. */
  public String key() {
    return key;
  }

  public static Api bootstrap() {
    return new Api(BOOTSTRAP_KEY, null);
  }

  /** A new tenant of its own, so tests never see each other's data. */
  public static Api newTenant(String name) {
    Resp r = bootstrap().post("/api/tenants", "{\"name\":\"" + name + "\"}");
    r.expect(201);
    return new Api(r.json().getString("apiKey"), r.json().getString("id"));
  }

  /** A native endpoint at {@code url}, with {@code extra} JSON members ("" for none). */
  public JsonObject createEndpoint(String url, String extra) {
    return post(
            "/api/endpoints",
            "{\"url\":\"" + url + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}")
        .expect(201)
        .json();
  }

  /** This tenant's deliveries to one endpoint in one status (up to 500). */
  public JsonArray deliveries(String endpointId, String status) {
    return get("/api/deliveries?limit=500&endpointId=" + endpointId + "&status=" + status)
        .expect(200)
        .json()
        .getJsonArray("data");
  }

  /** The response of one call. */
  public record Resp(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      return (JsonObject) value();
    }

    public JsonArray array() {
      return (JsonArray) value();
    }

    public JsonValue value() {
      try (var r = Json.createReader(new StringReader(body))) {
        return r.readValue();
      }
    }

    public Resp expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
      }
      return this;
    }

    public String contentType() {
      return headers.firstValue("content-type").orElse("");
    }
  }

  public Resp get(String path) {
    return send(builder(path).GET());
  }

  public Resp post(String path, String json) {
    return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Resp postBytes(String path, byte[] body) {
    return send(builder(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Resp put(String path, String json) {
    return send(builder(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Resp patch(String path, String json) {
    return send(builder(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  public Resp delete(String path) {
    return send(builder(path).DELETE());
  }

  /** Same as {@link #get} but without credentials. */
  public static Resp anonymous(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(BASE + path))
                  .timeout(Duration.ofSeconds(60))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(BASE + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  private static Resp send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
