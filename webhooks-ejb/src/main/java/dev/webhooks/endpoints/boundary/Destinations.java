package dev.webhooks.endpoints.boundary;

import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Validation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The operator's destination rules: which URLs a subscription may point at. */
@ApplicationScoped
public class Destinations {
  @Inject Settings settings;

  private DestinationRules rules;

  @PostConstruct
  void start() {
    rules = new DestinationRules(settings.allowLoopbackTargets(), settings.allowedTargets());
  }

  /** Checks a destination URL a client wants to save, reporting under {@code field}. */
  public void check(String url, String field, Validation v) {
    if (url == null || url.isBlank()) {
      v.add(field, "is required");
      return;
    }
    rules.refusal(url.trim()).ifPresent(why -> v.add(field, why));
  }

  /** The rules every connection is checked against (the engine's HTTP client obeys them). */
  public DestinationRules rules() {
    return rules;
  }
}
