package dev.webhooks.tenants.boundary;

import dev.webhooks.shared.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Makes sure the default tenant exists before the first request, so the bootstrap key always has
 * one.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class TenantBootstrap {
  private static final Logger LOG = Logger.getLogger(TenantBootstrap.class.getName());

  @Inject Tenants tenants;
  @Inject Settings settings;

  @PostConstruct
  void init() {
    tenants.defaultTenant();
    if (settings.bootstrapApiKey().isEmpty()) {
      LOG.warning(
          "WEBHOOKS_API_KEY is not set: no bootstrap key, so no tenant can be created over the API");
    }
  }
}
