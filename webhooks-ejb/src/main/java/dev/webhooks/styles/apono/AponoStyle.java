package dev.webhooks.styles.apono;

import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.spi.OutgoingRequest;
import dev.webhooks.spi.RoutingTarget;
import dev.webhooks.spi.StandardWebhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Integration webhooks: filtered status changes, rendered templates, their authentication and
 * validators.
 */
@ApplicationScoped
public class AponoStyle implements DeliveryStyle {
  public static final String EVENT_TYPE = "IntegrationStatusChanged";

  @Inject OAuthTokens tokens;
  @Inject Settings settings;

  @Override
  public EndpointKind kind() {
    return EndpointKind.APONO;
  }

  @Override
  public boolean matches(EventView event, RoutingTarget endpoint) {
    if (!EVENT_TYPE.equals(event.type()) || endpoint.styleConfig().getBoolean("testOnly", false)) {
      return false;
    }
    JsonObject data = JsonText.parseObject(event.payload()).getJsonObject("data");
    if (data == null) {
      return false;
    }
    return AponoConfig.passes(
        endpoint.styleConfig().getJsonObject("filters"),
        text(data, "id"),
        text(data, "type"),
        text(data, "status"));
  }

  private static String text(JsonObject o, String key) {
    return o.get(key) instanceof JsonString s ? s.getString() : null;
  }

  /** Inactive integration webhooks receive nothing. */
  @Override
  public boolean holdsWhileInactive() {
    return false;
  }

  @Override
  public OutgoingRequest request(EventView event, EndpointView endpoint, Instant attemptTime) {
    return requestAsync(event, endpoint, attemptTime).join();
  }

  /**
   * The body from the template, then the authentication: an OAuth token is awaited without blocking
   * ({@link OAuthTokens}).
   */
  @Override
  public CompletableFuture<OutgoingRequest> requestAsync(
      EventView event, EndpointView endpoint, Instant attemptTime) {
    JsonObject config = endpoint.styleConfig();
    String body =
        BodyTemplates.render(
            config.getString("bodyTemplate"), event.payload(), BodyTemplates.Budget.of(settings));
    OutgoingRequest r =
        new OutgoingRequest(endpoint.url(), body.getBytes(StandardCharsets.UTF_8))
            .method(config.getString("method", "POST"));
    JsonObject auth = config.getJsonObject("authentication");
    JsonObject secrets = endpoint.styleSecrets();
    CompletableFuture<OutgoingRequest> authenticated = CompletableFuture.completedFuture(r);
    switch (auth.getString("type", "NONE")) {
      case "BEARER" -> r.secretHeader("Authorization", "Bearer " + secrets.getString("token", ""));
      case "OAUTH" ->
          authenticated =
              tokens
                  .token(
                      endpoint.tenantId(),
                      endpoint.id(),
                      auth.getString("tokenUrl"),
                      auth.getString("clientId"),
                      secrets.getString("clientSecret", ""),
                      auth.getJsonArray("scopes").getValuesAs(JsonString::getString),
                      // stored before the choice existed: the form body, as they were
                      auth.getString("clientAuthMethod", AponoConfig.Auth.CLIENT_SECRET_POST))
                  .thenApply(token -> r.secretHeader("Authorization", "Bearer " + token));
      case "CUSTOM" -> {
        JsonObject headers = secrets.getJsonObject("headers");
        if (headers != null) {
          headers.forEach((k, v) -> r.secretHeader(k, ((JsonString) v).getString()));
        }
      }
      default -> {}
    }
    return authenticated.thenApply(
        req -> StandardWebhooks.sign(req, event.publicId(), endpoint, attemptTime));
  }

  @Override
  public boolean examinesResponses(EndpointView endpoint) {
    return !validators(endpoint.styleConfig()).isEmpty();
  }

  @Override
  public Optional<String> rejectResponse(EndpointView endpoint, HttpOutcome outcome) {
    List<ResponseValidators.Validator> validators = validators(endpoint.styleConfig());
    if (validators.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        ResponseValidators.failure(ResponseValidators.check(validators, outcome.body())));
  }

  static List<ResponseValidators.Validator> validators(JsonObject config) {
    var arr = config.getJsonArray("responseValidators");
    if (arr == null) {
      return List.of();
    }
    return arr.getValuesAs(JsonObject.class).stream()
        .map(
            v ->
                new ResponseValidators.Validator(
                    v.getString("jsonPath"),
                    v.getJsonArray("expectedValues").getValuesAs(JsonString::getString)))
        .toList();
  }

  @Override
  public boolean refreshCredentials(EndpointView endpoint) {
    JsonObject auth = endpoint.styleConfig().getJsonObject("authentication");
    if (auth == null || !"OAUTH".equals(auth.getString("type", ""))) {
      return false;
    }
    tokens.forget(endpoint.id());
    return true;
  }

  @Override
  public boolean keepsRequestBody() {
    return true;
  }
}
