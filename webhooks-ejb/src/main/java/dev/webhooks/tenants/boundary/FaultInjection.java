package dev.webhooks.tenants.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.SQLTransactionRollbackException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Failures injected at named points of a use case, for the tests that prove its atomicity: {@code
 * WEBHOOKS_TEST_FAULTS} lists {@code point@tenant-name-prefix} entries, and each point fails once
 * for each tenant whose name starts with the prefix, as the database failing the transaction would
 * (a rollback, SQL state 40001). Empty, the default, injects nothing and costs one check.
 */
@ApplicationScoped
public class FaultInjection {
  /** A follow-up event is being stored (a run's call, an integration's status change). */
  public static final String FOLLOW_UP = "follow-up";

  /** A style reacts to a finished delivery. */
  public static final String REACTION = "reaction";

  @Inject
  @ConfigProperty(name = "WEBHOOKS_TEST_FAULTS", defaultValue = " ")
  String spec;

  @Inject Tenants tenants;

  private final Set<String> fired = ConcurrentHashMap.newKeySet();

  /** Throws at {@code point} if a fault is armed there for this tenant and has not fired yet. */
  public void at(String point, Long tenantId) {
    if (spec.isBlank()) {
      return;
    }
    List<String> prefixes =
        Arrays.stream(spec.split(","))
            .map(String::trim)
            .filter(e -> e.startsWith(point + "@"))
            .map(e -> e.substring(point.length() + 1))
            .toList();
    if (prefixes.isEmpty()) {
      return;
    }
    var tenant = tenants.find(tenantId);
    String name = tenant == null ? "" : tenant.name();
    if (prefixes.stream().anyMatch(name::startsWith) && fired.add(point + "/" + tenantId)) {
      throw new PersistenceException(
          "injected fault at " + point,
          new SQLTransactionRollbackException("injected fault at " + point, "40001"));
    }
  }
}
