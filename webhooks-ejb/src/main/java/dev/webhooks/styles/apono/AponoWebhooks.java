package dev.webhooks.styles.apono;

import dev.webhooks.deliveries.boundary.AttemptMade;
import dev.webhooks.deliveries.boundary.Deliveries;
import dev.webhooks.endpoints.boundary.Destinations;
import dev.webhooks.endpoints.boundary.EndpointDraft;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.events.boundary.EventIngest;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Keyring;
import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.spi.RetryPolicy;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Integration webhooks of a tenant: settings kept on an APONO subscription, secrets sealed. */
@Stateless
public class AponoWebhooks {
  @Inject Endpoints endpoints;
  @Inject Keyring keyring;
  @Inject Deliveries deliveries;
  @Inject EventIngest ingest;
  @Inject Settings settings;
  @Inject Destinations destinations;

  /** A Test: the invocation and each validator's verdict. */
  /**
   * A test's outcome: the attempt (none when the webhook is inactive), the validators' results, and
   * the template's placeholders that printed nothing for the test event.
   */
  public record TestRun(
      Optional<AttemptMade> attempt,
      List<ResponseValidators.Result> validatorResults,
      List<String> unresolvedPlaceholders) {}

  public Endpoint create(Long tenantId, AponoConfig c) {
    check(tenantId, c, null);
    return endpoints.create(
        tenantId, EndpointKind.APONO, null, draft(c, JsonObject.EMPTY_JSON_OBJECT, false));
  }

  public Endpoint replace(Long tenantId, String id, AponoConfig c) {
    Endpoint e = endpoints.find(tenantId, EndpointKind.APONO, id);
    check(tenantId, c, e);
    return endpoints.update(e, draft(c, storedSecrets(e), false));
  }

  public Endpoint find(Long tenantId, String id) {
    return endpoints.find(tenantId, EndpointKind.APONO, id);
  }

  public void delete(Long tenantId, String id) {
    endpoints.remove(tenantId, EndpointKind.APONO, id);
  }

  public String signingSecret(Long tenantId, String id) {
    return endpoints.signingSecret(find(tenantId, id));
  }

  /** Sends the sample event to a saved webhook now. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public TestRun test(Long tenantId, String id) {
    Endpoint e = find(tenantId, id);
    // A template saved before the rule may still read a name of a list: the test says so.
    Optional<String> throughList =
        BodyTemplates.readsThroughList(
            e.styleConfig().getString("bodyTemplate"), IntegrationStates.sample().toString());
    if (throughList.isPresent()) {
      throw ApiFailure.invalid("bodyTemplate", throughList.get());
    }
    return send(tenantId, e);
  }

  /** Sends the sample event to a configuration that is not saved: it lives only for this call. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public TestRun testUnsaved(Long tenantId, AponoConfig c) {
    Validation v = new Validation();
    BodyTemplates.invalidJson(
            c.bodyTemplate(),
            IntegrationStates.sample().toString(),
            BodyTemplates.Budget.of(settings))
        .ifPresent(why -> v.add("bodyTemplate", why));
    v.throwIfInvalid();
    Endpoint temp =
        endpoints.create(
            tenantId,
            EndpointKind.APONO,
            "apono-test-" + UUID.randomUUID(),
            draft(c, JsonObject.EMPTY_JSON_OBJECT, true));
    try {
      return send(tenantId, temp);
    } finally {
      endpoints.remove(tenantId, EndpointKind.APONO, temp.publicId());
    }
  }

  private TestRun send(Long tenantId, Endpoint e) {
    IncomingEvent event =
        new IncomingEvent(
            AponoStyle.EVENT_TYPE,
            IntegrationStates.sample().toString(),
            null,
            null,
            null,
            List.of(e.id()),
            1);
    Optional<AttemptMade> attempt = ingest.sendNow(tenantId, event);
    List<ResponseValidators.Validator> validators = AponoStyle.validators(e.styleConfig());
    List<ResponseValidators.Result> results =
        attempt
            .filter(a -> a.outcome().is2xx())
            .map(a -> ResponseValidators.check(validators, a.outcome().body()))
            .orElse(List.of());
    List<String> unresolved =
        BodyTemplates.unresolved(
            e.styleConfig().getString("bodyTemplate"), IntegrationStates.sample().toString());
    return new TestRun(attempt, results, unresolved);
  }

  private void check(Long tenantId, AponoConfig c, Endpoint current) {
    Validation v = new Validation();
    // Apono's rule: names are unique and alphanumeric. A webhook named before the rule (spaces,
    // '-' and '_' were accepted) keeps its name.
    boolean kept = current != null && c.name().equals(current.styleKey());
    if (!kept && !c.name().matches("[A-Za-z0-9]{1,100}")) {
      v.add("name", "must be 1-100 letters and digits (unique and alphanumeric, as Apono's)");
    }
    Endpoint sameName = endpoints.findByStyleKey(tenantId, EndpointKind.APONO, c.name());
    if (sameName != null && (current == null || !sameName.id().equals(current.id()))) {
      v.add("name", "another integration webhook is already named \"" + c.name() + "\"");
    }
    BodyTemplates.invalidJson(
            c.bodyTemplate(),
            IntegrationStates.sample().toString(),
            BodyTemplates.Budget.of(settings))
        .ifPresent(why -> v.add("bodyTemplate", why));
    if (c.auth().tokenUrl() != null) {
      // The client secret goes there: the same rules as for any destination.
      destinations.check(tenantId, c.auth().tokenUrl(), "authentication.tokenUrl", v);
    }
    if (current == null) {
      requireSecrets(c, v, "is required");
    } else if (movesSecrets(current, c)) {
      // A stored secret is never sent to a host it was not given for.
      requireSecrets(
          c, v, "is required again when url or tokenUrl changes (the stored one is not moved)");
    }
    v.throwIfInvalid();
  }

  /** Whether the webhook's secrets would go to another host than the one they were given for. */
  private static boolean movesSecrets(Endpoint current, AponoConfig c) {
    if (!current.url().equals(c.url() == null ? null : c.url().trim())) {
      return true;
    }
    JsonObject storedAuth = current.styleConfig().getJsonObject("authentication");
    String storedTokenUrl =
        storedAuth == null || !(storedAuth.get("tokenUrl") instanceof JsonString s)
            ? null
            : s.getString();
    return c.auth().tokenUrl() != null && !c.auth().tokenUrl().equals(storedTokenUrl);
  }

  /** Masked or missing secrets have nothing to fall back on (on create, or for a new host). */
  private static void requireSecrets(AponoConfig c, Validation v, String message) {
    switch (c.auth().type()) {
      case "BEARER" -> v.require(c.auth().token() != null, "authentication.token", message);
      case "OAUTH" ->
          v.require(c.auth().clientSecret() != null, "authentication.clientSecret", message);
      case "CUSTOM" ->
          v.require(
              c.auth().headers().values().stream().allMatch(Objects::nonNull),
              "authentication.headers",
              message.replace("is required", "need values"));
      default -> {}
    }
  }

  private JsonObject storedSecrets(Endpoint e) {
    return e.styleSecretsSealed() == null
        ? JsonObject.EMPTY_JSON_OBJECT
        : JsonText.parseObject(keyring.open(e.styleSecretsSealed()));
  }

  private static EndpointDraft draft(AponoConfig c, JsonObject previousSecrets, boolean testOnly) {
    String config = c.publicJson();
    if (testOnly) {
      config =
          Jsonp.PROVIDER
              .createObjectBuilder(JsonText.parseObject(config))
              .add("testOnly", true)
              .build()
              .toString();
    }
    return EndpointDraft.ofUrl(c.url())
        .withActive(c.active())
        .withTimeout(c.timeoutSeconds())
        .withRetryPolicy(RetryPolicy.STANDARD)
        .withStyle(testOnly ? "__test__" : c.name(), config, c.secretsJson(previousSecrets));
  }
}
