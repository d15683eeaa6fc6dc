package dev.webhooks.deliveries.control;

import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Validation;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The operator's destination rules and the one HTTP client that obeys them. */
@ApplicationScoped
public class Destinations {
  @Inject Settings settings;

  private DestinationRules rules;
  private HttpSender sender;

  @PostConstruct
  void start() {
    rules = new DestinationRules(settings.allowLoopbackTargets(), settings.allowedTargets());
    // Per route above the per-endpoint in-flight cap, so endpoints sharing a host do not queue
    // behind each other.
    // No per-host limit of the client's own: the engine's per-endpoint slots bound each endpoint,
    // and a per-host pool limit would make endpoints that share a host queue behind each other.
    sender = new HttpSender(rules, 4000, 4000);
  }

  @PreDestroy
  void stop() {
    sender.close();
  }

  /** Checks a destination URL a client wants to save, reporting under {@code field}. */
  public void check(String url, String field, Validation v) {
    if (url == null || url.isBlank()) {
      v.add(field, "is required");
      return;
    }
    rules.refusal(url.trim()).ifPresent(why -> v.add(field, why));
  }

  public HttpSender sender() {
    return sender;
  }
}
