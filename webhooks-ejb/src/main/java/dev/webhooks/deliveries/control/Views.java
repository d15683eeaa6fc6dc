package dev.webhooks.deliveries.control;

import dev.webhooks.deliveries.entity.Event;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Keyring;
import dev.webhooks.spi.EndpointView;
import dev.webhooks.spi.EventView;
import dev.webhooks.spi.RoutingTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns entities into the immutable views styles work with, opening sealed secrets. */
@ApplicationScoped
public class Views {
  @Inject Keyring keyring;

  public EventView event(Event e) {
    return new EventView(
        e.id(), e.publicId(), e.tenantId(), e.type(), e.payload(), e.source(), e.createdAt());
  }

  public EndpointView endpoint(Endpoint e, Instant now) {
    List<String> secrets = new ArrayList<>(2);
    secrets.add(keyring.open(e.secretSealed()));
    if (e.previousSecretSealed() != null
        && e.previousSecretUntil() != null
        && e.previousSecretUntil().isAfter(now)) {
      secrets.add(keyring.open(e.previousSecretSealed()));
    }
    Map<String, String> headers =
        e.headersSealed() == null ? Map.of() : JsonText.stringMap(keyring.open(e.headersSealed()));
    JsonObject styleSecrets =
        e.styleSecretsSealed() == null
            ? JsonObject.EMPTY_JSON_OBJECT
            : JsonText.parseObject(keyring.open(e.styleSecretsSealed()));
    return new EndpointView(
        e.id(),
        e.publicId(),
        e.tenantId(),
        e.kind(),
        e.url(),
        headers,
        e.timeoutSeconds(),
        List.copyOf(secrets),
        e.styleKey(),
        e.styleConfig(),
        styleSecrets);
  }

  public static RoutingTarget routing(Endpoint e) {
    return new RoutingTarget(
        e.id(), e.isDeliverable(), Set.copyOf(e.eventTypes()), e.styleKey(), e.styleConfig());
  }
}
