package dev.webhooks.styles.apono;

import dev.webhooks.shared.JsonFields;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An integration webhook's settings, read from a request with every field checked, and split into
 * what may be shown ({@link #publicJson}) and the secrets ({@link #secretsJson}, stored sealed,
 * shown masked).
 */
public record AponoConfig(
    String name,
    boolean active,
    String method,
    String url,
    String bodyTemplate,
    Auth auth,
    List<String> integrationIds,
    List<String> integrationTypes,
    List<String> statuses,
    int timeoutSeconds,
    List<ResponseValidators.Validator> validators) {

  public static final String MASK = "****";
  static final Set<String> STATUSES = Set.of("ERROR", "WARNING", "ACTIVE");
  static final Set<String> METHODS = Set.of("POST", "PUT", "DELETE");
  public static final String DEFAULT_TEMPLATE =
      "{\"event_type\": \"{{event_type}}\", \"event_time\": \"{{event_time}}\", \"data\": {\"id\":"
          + " \"{{data.id}}\", \"name\": \"{{data.name}}\", \"type\": \"{{data.type}}\", \"status\":"
          + " \"{{data.status}}\", \"issues\": {{json data.issues}} } }";

  /**
   * Authentication; secret fields are null when not sent or sent masked (keep the stored value).
   */
  public record Auth(
      String type,
      String token,
      String clientId,
      String clientSecret,
      String tokenUrl,
      List<String> scopes,
      Map<String, String> headers) {
    static Auth none() {
      return new Auth("NONE", null, null, null, null, List.of(), Map.of());
    }
  }

  public static AponoConfig read(JsonValue body, Validation v) {
    JsonFields f = JsonFields.of(body, v);
    String name = f.string("name", true, 100);
    if (name != null && !name.matches("[A-Za-z0-9 _-]{1,100}")) {
      v.add("name", "must be 1-100 letters, digits, spaces, '-' or '_'");
    }
    Boolean active = f.bool("active");
    String type = f.string("type", false, 50);
    if (type != null && !type.equals("HTTP Webhook")) {
      v.add("type", "must be \"HTTP Webhook\"");
    }
    String method = f.string("method", false, 10);
    if (method != null && !METHODS.contains(method)) {
      v.add("method", "must be POST, PUT or DELETE");
    }
    String url = f.string("url", true, 2048);
    String template = f.string("bodyTemplate", false, 65536);
    Auth auth = readAuth(f.object("authentication"), v);
    JsonObject filters = f.object("filters");
    List<String> ids = List.of();
    List<String> types = List.of();
    List<String> statuses = List.of("ERROR", "WARNING");
    if (filters != null) {
      JsonFields ff = JsonFields.of(filters, "filters", v);
      ids = orEmpty(ff.strings("integrationIds", 500, 200));
      types = orEmpty(ff.strings("integrationTypes", 500, 200));
      if (ff.present("statuses")) {
        List<String> s = orEmpty(ff.strings("statuses", 3, 10));
        if (s.isEmpty()) {
          v.add("filters.statuses", "must not be empty when given");
        }
        for (String x : s) {
          if (!STATUSES.contains(x)) {
            v.add("filters.statuses", "values must be ERROR, WARNING or ACTIVE");
          }
        }
        statuses = s;
      }
    }
    Integer timeout = f.integer("timeoutSeconds", 1, 60);
    List<ResponseValidators.Validator> validators = new ArrayList<>();
    JsonArray rv = f.array("responseValidators");
    if (rv != null) {
      for (int i = 0; i < rv.size(); i++) {
        JsonFields vf = JsonFields.of(rv.get(i), "responseValidators[" + i + "]", v);
        String path = vf.string("jsonPath", true, 500);
        List<String> expected = vf.strings("expectedValues", 100, 500);
        if (path != null && (!path.startsWith("$") || !ResponseValidators.isValidPath(path))) {
          v.add(vf.name("jsonPath"), "must be a JSONPath expression such as $.data.status");
        }
        if (expected == null || expected.isEmpty()) {
          v.add(vf.name("expectedValues"), "must list at least one value");
        }
        validators.add(
            new ResponseValidators.Validator(path, expected == null ? List.of() : expected));
      }
    }
    return new AponoConfig(
        name,
        active == null || active,
        method == null ? "POST" : method,
        url,
        template == null ? DEFAULT_TEMPLATE : template,
        auth,
        ids,
        types,
        statuses,
        timeout == null ? 10 : timeout,
        validators);
  }

  private static Auth readAuth(JsonObject o, Validation v) {
    if (o == null) {
      return Auth.none();
    }
    JsonFields f = JsonFields.of(o, "authentication", v);
    String type = f.string("type", true, 10);
    if (type == null) {
      return Auth.none();
    }
    switch (type) {
      case "NONE":
        return Auth.none();
      case "BEARER":
        return new Auth(
            type, secret(f.string("token", true, 4000)), null, null, null, List.of(), Map.of());
      case "OAUTH":
        String clientId = f.string("clientId", true, 500);
        String clientSecret = secret(f.string("clientSecret", true, 4000));
        String tokenUrl = f.string("tokenUrl", true, 2048);
        List<String> scopes = orEmpty(f.strings("scopes", 50, 200));
        return new Auth(type, null, clientId, clientSecret, tokenUrl, scopes, Map.of());
      case "CUSTOM":
        Map<String, String> headers = f.stringMap("headers", 50);
        if (headers == null || headers.isEmpty()) {
          v.add("authentication.headers", "must hold at least one header");
          headers = Map.of();
        }
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((k, val) -> kept.put(k, MASK.equals(val) ? null : val));
        return new Auth(type, null, null, null, null, List.of(), kept);
      default:
        v.add("authentication.type", "must be NONE, BEARER, OAUTH or CUSTOM");
        return Auth.none();
    }
  }

  private static String secret(String value) {
    return MASK.equals(value) ? null : value;
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? List.of() : l;
  }

  /** Everything but secrets, as stored in the subscription's style settings. */
  public String publicJson() {
    var validatorsJson = Jsonp.PROVIDER.createArrayBuilder();
    for (var val : validators) {
      validatorsJson.add(
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("jsonPath", val.jsonPath() == null ? "" : val.jsonPath())
              .add("expectedValues", Jsonp.PROVIDER.createArrayBuilder(val.expectedValues())));
    }
    var authJson = Jsonp.PROVIDER.createObjectBuilder().add("type", auth.type());
    if (auth.clientId() != null) {
      authJson.add("clientId", auth.clientId());
    }
    if (auth.tokenUrl() != null) {
      authJson.add("tokenUrl", auth.tokenUrl());
    }
    authJson.add("scopes", Jsonp.PROVIDER.createArrayBuilder(auth.scopes()));
    authJson.add(
        "headerNames", Jsonp.PROVIDER.createArrayBuilder(new ArrayList<>(auth.headers().keySet())));
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("name", name)
        .add("type", "HTTP Webhook")
        .add("method", method)
        .add("bodyTemplate", bodyTemplate)
        .add("authentication", authJson)
        .add(
            "filters",
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("integrationIds", Jsonp.PROVIDER.createArrayBuilder(integrationIds))
                .add("integrationTypes", Jsonp.PROVIDER.createArrayBuilder(integrationTypes))
                .add("statuses", Jsonp.PROVIDER.createArrayBuilder(statuses)))
        .add("responseValidators", validatorsJson)
        .build()
        .toString();
  }

  /**
   * The secrets to store: sent values, or for masked/absent ones the previously stored value
   * ({@code previous}, may be empty).
   */
  public String secretsJson(JsonObject previous) {
    var b = Jsonp.PROVIDER.createObjectBuilder();
    switch (auth.type()) {
      case "BEARER" -> b.add("token", keep(auth.token(), previous, "token"));
      case "OAUTH" -> b.add("clientSecret", keep(auth.clientSecret(), previous, "clientSecret"));
      case "CUSTOM" -> {
        var h = Jsonp.PROVIDER.createObjectBuilder();
        JsonObject old = previous.getJsonObject("headers");
        auth.headers()
            .forEach(
                (k, val) -> {
                  String stored =
                      old != null && old.get(k) instanceof JsonString s ? s.getString() : "";
                  h.add(k, val != null ? val : stored);
                });
        b.add("headers", h);
      }
      default -> {}
    }
    return b.build().toString();
  }

  private static String keep(String sent, JsonObject previous, String key) {
    if (sent != null) {
      return sent;
    }
    return previous.get(key) instanceof JsonString s ? s.getString() : "";
  }

  /** Whether a filter lets an event with these integration fields through. */
  public static boolean passes(JsonObject filters, String id, String type, String status) {
    return (empty(filters, "integrationIds") || contains(filters, "integrationIds", id))
        && (empty(filters, "integrationTypes") || contains(filters, "integrationTypes", type))
        && contains(filters, "statuses", status);
  }

  private static boolean empty(JsonObject filters, String key) {
    JsonArray a = filters.getJsonArray(key);
    return a == null || a.isEmpty();
  }

  private static boolean contains(JsonObject filters, String key, String value) {
    JsonArray a = filters.getJsonArray(key);
    return a != null && value != null && a.getValuesAs(JsonString::getString).contains(value);
  }
}
