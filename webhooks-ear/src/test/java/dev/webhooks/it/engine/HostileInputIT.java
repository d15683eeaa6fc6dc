package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the served OpenAPI document with hostile path values and bodies: no
 * answer is a 5xx, every 4xx is {@code application/problem+json} with its status in the body, and
 * the server is still ready afterwards.
 */
class HostileInputIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Path values a client controls: encoded NUL and slash, traversal, overlong UTF-8, and more. */
  static final List<String> PATH_VALUES =
      List.of(
          "%00",
          "%2F",
          "a%2Fb",
          "..%2F..%2Fadmin",
          "%C0%AE",
          "%E2%80%AE",
          "%25",
          "'%20OR%201=1--",
          "%F0%9F%98%80",
          "x".repeat(2000),
          UUID.randomUUID().toString());

  /** Query strings a client controls. */
  static final List<String> QUERIES =
      List.of(
          "cursor=%C0%AE&limit=-1",
          "limit=99999999999999999999999",
          "status=%00&since=not-a-time&endpointId=%2F",
          "since=9999-99-99T99:99:99Z&eventType=" + "x".repeat(3000),
          "hours=%00&until=%C0%AE&idempotencyKey=" + "k".repeat(3000));

  /** A body nested far deeper than any limit. */
  static final String DEEP = "[".repeat(5000) + "]".repeat(5000);

  record Body(String name, String contentType, byte[] bytes) {
    static Body json(String name, String text) {
      return new Body(name, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static List<Body> hostileBodies() {
    byte[] badUtf8 = "{\"name\":\"xx\"}".getBytes(StandardCharsets.UTF_8);
    badUtf8[9] = (byte) 0xC3;
    return List.of(
        Body.json("deep arrays", DEEP),
        Body.json(
            "deep objects in data",
            "{\"type\":\"t\",\"data\":" + "{\"a\":".repeat(70) + "1" + "}".repeat(71)),
        new Body("invalid UTF-8", "application/json", badUtf8),
        Body.json("lone surrogate", "{\"name\":\"\\ud800\",\"url\":\"\\udfff\"}"),
        Body.json("101 digits", "{\"timeoutSeconds\":1" + "0".repeat(100) + "}"),
        Body.json("huge exponent", "{\"timeoutSeconds\":1e1001,\"limit\":1e-5000}"),
        Body.json("duplicate keys", "{\"a\":{\"b\":1,\"b\":2}}"),
        Body.json("top-level duplicate", "{\"name\":\"a\",\"name\":\"b\"}"),
        Body.json("array", "[1,2,3]"),
        Body.json("string", "\"x\""),
        Body.json("truncated", "{\"name\":"),
        Body.json("wrong types", "{\"name\":5,\"url\":[],\"items\":\"x\",\"data\":7,\"type\":{}}"),
        new Body("text/plain", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
        new Body("no content type", null, "{}".getBytes(StandardCharsets.UTF_8)),
        new Body(
            "form", "application/x-www-form-urlencoded", "a=b".getBytes(StandardCharsets.UTF_8)));
  }

  record Operation(String method, String path, boolean hasBody) {}

  private final Api tenant = Api.newTenant("hostile-input-" + UUID.randomUUID());
  private final List<String> failures = new ArrayList<>();
  private static final Pattern HTTP_CHANNEL_PAGE =
      Pattern.compile("^(<H1>|\\{\"error_message\" : \")CWWWC0005I: ");
  private int answeredByChannel;
  private int requests;

  @Test
  void everyOperationAnswersHostileInputWithA4xxProblemAndNever5xx() throws Exception {
    List<Operation> operations = operations();
    assertTrue(operations.size() >= 50, "operations in the document: " + operations.size());
    for (Operation op : operations) {
      for (String value : PATH_VALUES) {
        send(op, fill(op.path(), value), op.hasBody() ? Body.json("empty object", "{}") : null);
      }
      String plain = fill(op.path(), "does-not-exist");
      for (Body body : hostileBodies()) {
        send(op, plain, body);
      }
      // What curl -X POST sends: no body, no content type.
      send(op, plain, new Body("no body", null, new byte[0]));
      // Query parameters with malformed escapes, overlong UTF-8 and absurd values.
      for (String query : QUERIES) {
        send(op, plain + "?" + query, op.hasBody() ? Body.json("empty object", "{}") : null);
      }
      // A malformed escape, which no well-behaved client (java.net.URI included) would send.
      raw(op, plain + "?limit=%ZZ&cursor=%");
    }
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " of "
            + requests
            + " answers were wrong:\n"
            + String.join("\n", failures));
    assertEquals(200, Api.anonymous("/health/ready").status(), "still ready");
    assertEquals(200, Api.anonymous("/health/live").status(), "still live");
  }

  /**
   * What {@code curl -X POST} sends (no body, no content type) works where the body is optional.
   */
  @Test
  void bodylessPostsAreAcceptedWhereTheBodyIsOptional() throws Exception {
    String id =
        tenant
            .post("/api/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\"}")
            .expect(201)
            .json()
            .getString("id");
    for (String path :
        List.of("/api/endpoints/" + id + "/secret/rotate", "/api/endpoints/" + id + "/pause")) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(Api.BASE + path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + tenant.key())
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), path + ": " + r.body());
    }
  }

  /**
   * A NUL character in a string that becomes a column is a 400 naming the field, on both databases
   * (PostgreSQL's text types cannot hold it; it used to be a 500 there, and a repeated idempotency
   * key with one was never answered). Inside {@code data}, which is kept as JSON, it is accepted.
   */
  @Test
  void aNulCharacterInAFieldThatBecomesAColumnIsA400NamingIt() {
    String nul = "a\\u0000b";
    tenant.post("/api/endpoints", "{\"url\":\"http://127.0.0.1:9/nul\"}").expect(201);
    Map<String, String[]> cases =
        Map.of(
            "type",
            new String[] {"/api/events", "{\"type\":\"" + nul + "\",\"data\":{}}"},
            "orderingKey",
            new String[] {
              "/api/events", "{\"type\":\"t\",\"data\":{},\"orderingKey\":\"" + nul + "\"}"
            },
            "idempotencyKey",
            new String[] {
              "/api/events", "{\"type\":\"t\",\"data\":{},\"idempotencyKey\":\"" + nul + "\"}"
            },
            "events[1].idempotencyKey",
            new String[] {
              "/api/events/batch",
              "{\"events\":[{\"type\":\"t\",\"data\":{}},"
                  + "{\"type\":\"t\",\"data\":{},\"idempotencyKey\":\""
                  + nul
                  + "\"}]}"
            },
            "description",
            new String[] {
              "/api/endpoints",
              "{\"url\":\"http://127.0.0.1:9/nul\",\"description\":\"" + nul + "\"}"
            });
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      Api.Resp r = tenant.post(c.getValue()[0], c.getValue()[1]);
      assertEquals(400, r.status(), c.getKey() + ": " + r.body());
      assertTrue(r.contentType().startsWith("application/problem+json"), c.getKey());
      JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
      assertEquals(c.getKey(), error.getString("field"), r.body());
      assertEquals("must not contain the NUL character (U+0000)", error.getString("message"));
    }
    Api.Resp tenantWithNul = Api.bootstrap().post("/api/tenants", "{\"name\":\"" + nul + "\"}");
    assertEquals(400, tenantWithNul.status(), tenantWithNul.body());
    assertEquals(
        "name", tenantWithNul.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    tenant.post("/api/events", "{\"type\":\"t\",\"data\":{\"kept\":\"" + nul + "\"}}").expect(202);
  }

  /**
   * The JDK client opens each connection with an HTTP/2 upgrade request; one that ended on the web
   * module's error page (a path outside the API) was never answered until the server was told to
   * speak HTTP/1.1 only.
   */
  @Test
  void anUpgradeRequestToAPathOutsideTheApiIsAnsweredAsAProblem() throws Exception {
    HttpClient fresh =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    for (String method : List.of("GET", "POST")) {
      HttpResponse<String> r =
          fresh.send(
              HttpRequest.newBuilder(URI.create(Api.BASE + "/no-such-page/" + UUID.randomUUID()))
                  .timeout(Duration.ofSeconds(20))
                  .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode(), method);
      assertTrue(
          r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
          method + ": " + r.headers());
    }
  }

  private List<Operation> operations() {
    Api.Resp doc = Api.anonymous("/openapi?format=JSON");
    assertEquals(200, doc.status());
    JsonObject paths = doc.json().getJsonObject("paths");
    List<Operation> ops = new ArrayList<>();
    for (Map.Entry<String, JsonValue> p : paths.entrySet()) {
      JsonObject item = p.getValue().asJsonObject();
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        if (item.containsKey(method)) {
          ops.add(
              new Operation(
                  method.toUpperCase(),
                  p.getKey(),
                  item.getJsonObject(method).containsKey("requestBody")));
        }
      }
    }
    return ops;
  }

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)\\}");

  private static String fill(String template, String value) {
    Matcher m = PARAM.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      m.appendReplacement(out, Matcher.quoteReplacement(name.equals("slash") ? "/" : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private void send(Operation op, String path, Body body) {
    String key =
        path.startsWith("/api/tenants") || path.startsWith("/api/admin") ? Api.BOOTSTRAP_KEY : null;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(Api.BASE + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + (key != null ? key : tenant.key()));
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body.bytes());
    if (body != null && body.contentType() != null) {
      b.header("Content-Type", body.contentType());
    }
    b.method(op.method(), publisher);
    String what =
        op.method()
            + " "
            + op.path()
            + " as "
            + shorten(path)
            + (body == null ? "" : " with " + body.name());
    requests++;
    HttpResponse<String> r;
    try {
      r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      failures.add(what + ": no answer: " + e);
      return;
    }
    int status = r.statusCode();
    String type = r.headers().firstValue("content-type").orElse("");
    if ((path.contains("%00") || path.contains("..%2F"))
        && status == 400
        && HTTP_CHANNEL_PAGE.matcher(r.body()).find()) {
      // Known case (README, "Hostile input"): Liberty's HTTP channel refuses an encoded NUL, and
      // an encoded slash after "..", with its own small page (HTML, or JSON naming an
      // "error_message") before any application code or error page runs.
      answeredByChannel++;
      return;
    }
    if (status >= 500) {
      failures.add(what + ": " + status + " " + shorten(r.body()));
    } else if (status >= 400) {
      if (!type.startsWith("application/problem+json")) {
        failures.add(what + ": " + status + " as " + type + ": " + shorten(r.body()));
      } else {
        try (var reader = Json.createReader(new StringReader(r.body()))) {
          int inBody = reader.readObject().getInt("status");
          if (inBody != status) {
            failures.add(what + ": " + status + " but the problem says " + inBody);
          }
        } catch (RuntimeException e) {
          failures.add(what + ": " + status + " with an unreadable problem: " + shorten(r.body()));
        }
      }
    }
    if (body != null
        && body.bytes().length > 0
        && ("text/plain".equals(body.contentType())
            || body.contentType() == null
            || body.contentType().startsWith("application/x-www"))
        && op.hasBody()
        && status != 415
        && status != 404
        && status != 401
        && status != 403) {
      failures.add(what + ": " + status + " instead of 415 for a body that is not JSON");
    }
    if (body != null && body.name().equals("no body") && status == 415) {
      failures.add(what + ": 415 for a request without a body");
    }
  }

  /** One request written by hand on a socket, for what java.net.URI refuses to build. */
  private void raw(Operation op, String pathAndQuery) {
    String what = op.method() + " " + op.path() + " as " + shorten(pathAndQuery) + " (raw)";
    requests++;
    URI base = URI.create(Api.BASE);
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          op.method()
              + " "
              + pathAndQuery
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nAuthorization: Bearer "
              + tenant.key()
              + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(response.substring(9, 12));
      String lower = response.toLowerCase(java.util.Locale.ROOT);
      if (status >= 500) {
        failures.add(what + ": " + status + " " + shorten(response));
      } else if (status >= 400 && !lower.contains("content-type: application/problem+json")) {
        failures.add(what + ": " + status + " not problem+json: " + shorten(response));
      }
    } catch (Exception e) {
      failures.add(what + ": no answer: " + e);
    }
  }

  private static String shorten(String s) {
    s = s.replace('\n', ' ');
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }
}
