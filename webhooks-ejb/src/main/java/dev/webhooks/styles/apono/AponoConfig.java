package dev.webhooks.styles.apono;

import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An integration webhook's settings, built from a checked request ({@link #of}), and split into
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
  static final List<String> DEFAULT_STATUSES = List.of("ERROR", "WARNING");
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
      Map<String, String> headers,
      String clientAuthMethod) {
    /** RFC 6749's default: the client id and secret in an HTTP Basic header. */
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

    /** The client id and secret in the form body. */
    public static final String CLIENT_SECRET_POST = "client_secret_post";

    static Auth none() {
      return new Auth("NONE", null, null, null, null, List.of(), Map.of(), null);
    }

    /**
     * Authentication of {@code type} (NONE, BEARER, OAUTH or CUSTOM; null means NONE) from the
     * values given; the fields its type needs are required (reported as {@code authentication.*}
     * into {@code v}), the others are ignored, and a masked secret ({@value #MASK}) reads as not
     * sent, so the stored one is kept.
     */
    public static Auth of(
        String type,
        String token,
        String clientId,
        String clientSecret,
        String tokenUrl,
        List<String> scopes,
        Map<String, String> headers,
        String clientAuthMethod,
        Validation v) {
      if (type == null) {
        return none();
      }
      switch (type) {
        case "NONE":
          return none();
        case "BEARER":
          required(token, "token", v);
          return new Auth(type, secret(token), null, null, null, List.of(), Map.of(), null);
        case "OAUTH":
          required(clientId, "clientId", v);
          required(clientSecret, "clientSecret", v);
          required(tokenUrl, "tokenUrl", v);
          String method = clientAuthMethod == null ? CLIENT_SECRET_BASIC : clientAuthMethod;
          if (!method.equals(CLIENT_SECRET_BASIC) && !method.equals(CLIENT_SECRET_POST)) {
            v.add(
                "authentication.clientAuthMethod",
                "must be " + CLIENT_SECRET_BASIC + " (the default) or " + CLIENT_SECRET_POST);
          }
          return new Auth(
              type,
              null,
              clientId,
              secret(clientSecret),
              tokenUrl,
              scopes == null ? List.of() : List.copyOf(scopes),
              Map.of(),
              method);
        case "CUSTOM":
          if (headers == null || headers.isEmpty()) {
            v.add("authentication.headers", "must hold at least one header");
          }
          Map<String, String> kept = new LinkedHashMap<>();
          if (headers != null) {
            headers.forEach(
                (k, val) -> {
                  dev.webhooks.spi.HeaderRules.refusal(k)
                      .ifPresent(why -> v.add("authentication.headers." + k, why));
                  kept.put(k, secret(val));
                });
          }
          return new Auth(type, null, null, null, null, List.of(), kept, null);
        default:
          v.add("authentication.type", "must be NONE, BEARER, OAUTH or CUSTOM");
          return none();
      }
    }

    private static void required(String value, String field, Validation v) {
      if (value == null) {
        v.add("authentication." + field, "is required");
      }
    }

    private static String secret(String value) {
      return MASK.equals(value) ? null : value;
    }
  }

  /**
   * The settings as given, with the defaults for what was not ({@code null}): active, POST, the
   * default template, a 10 s timeout, statuses ERROR and WARNING, no filters and no validators. The
   * shape of each value (lengths, patterns, ranges) is the request's to check; this checks what
   * needs the engine (each validator's JSONPath compiles), reporting into {@code v}.
   */
  public static AponoConfig of(
      String name,
      Boolean active,
      String method,
      String url,
      String bodyTemplate,
      Auth auth,
      List<String> integrationIds,
      List<String> integrationTypes,
      List<String> statuses,
      Integer timeoutSeconds,
      List<ResponseValidators.Validator> validators,
      Validation v) {
    List<ResponseValidators.Validator> checked = validators == null ? List.of() : validators;
    if (checked.size() > ResponseValidators.MAX_VALIDATORS) {
      v.add(
          "responseValidators",
          "at most "
              + ResponseValidators.MAX_VALIDATORS
              + " validators (got "
              + checked.size()
              + ")");
    }
    for (int i = 0; i < checked.size(); i++) {
      String path = checked.get(i).jsonPath();
      Optional<String> refused = ResponseValidators.refusal(path);
      if (refused.isPresent()) {
        v.add("responseValidators[" + i + "].jsonPath", refused.get());
      } else if (path != null && (!path.startsWith("$") || !ResponseValidators.isValidPath(path))) {
        v.add(
            "responseValidators[" + i + "].jsonPath",
            "must be a JSONPath expression such as $.data.status");
      }
    }
    return new AponoConfig(
        name,
        active == null || active,
        method == null ? "POST" : method,
        url,
        bodyTemplate == null ? DEFAULT_TEMPLATE : bodyTemplate,
        auth == null ? Auth.none() : auth,
        orEmpty(integrationIds),
        orEmpty(integrationTypes),
        statuses == null ? DEFAULT_STATUSES : List.copyOf(statuses),
        timeoutSeconds == null ? 10 : timeoutSeconds,
        List.copyOf(checked));
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? List.of() : List.copyOf(l);
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
    if (auth.clientAuthMethod() != null) {
      authJson.add("clientAuthMethod", auth.clientAuthMethod());
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
