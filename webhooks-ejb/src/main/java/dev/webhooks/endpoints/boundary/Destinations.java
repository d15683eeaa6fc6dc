package dev.webhooks.endpoints.boundary;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.endpoints.control.DestinationRules;
import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Validation;
import dev.webhooks.tenants.boundary.Tenants;
import dev.webhooks.tenants.entity.Tenant;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The operator's destination rules: which URLs a subscription may point at. Entries of {@code
 * WEBHOOKS_ALLOWED_TARGETS} reserved for named tenants make the rules differ per tenant; they are
 * read from the tenant's id and name, which never change, so each member may keep them.
 */
@ApplicationScoped
public class Destinations {
  @Inject Settings settings;
  @Inject Tenants tenants;

  private DestinationRules rules;
  private final Cache<Long, DestinationRules> perTenant =
      Caffeine.newBuilder().maximumSize(10_000).build();

  @PostConstruct
  void start() {
    rules = new DestinationRules(settings.allowLoopbackTargets(), settings.allowedTargets());
  }

  /** Checks a destination URL a tenant wants to save, reporting under {@code field}. */
  public void check(Long tenantId, String url, String field, Validation v) {
    if (url == null || url.isBlank()) {
      v.add(field, "is required");
      return;
    }
    rules(tenantId).refusal(url.trim()).ifPresent(why -> v.add(field, why));
  }

  /** The rules of a tenant that no reserved entry names. */
  public DestinationRules rules() {
    return rules;
  }

  /** The rules one tenant's connections obey. */
  public DestinationRules rules(Long tenantId) {
    if (!rules.hasReservations() || tenantId == null) {
      return rules;
    }
    return perTenant.get(
        tenantId,
        id -> {
          Tenant t = tenants.find(id);
          return t == null ? rules : rules.forTenant(t.publicId(), t.name());
        });
  }
}
