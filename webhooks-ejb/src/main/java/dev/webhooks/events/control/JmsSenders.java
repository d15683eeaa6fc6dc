package dev.webhooks.events.control;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which tenant a JMS sender may post for. {@code WEBHOOKS_JMS_SENDERS} maps authenticated messaging
 * users to tenant ids ({@code "billing-app=<tenant id>,crm=<tenant id>"}). A message from an
 * authenticated user ({@code JMSXUserID}, set by the messaging engine when messaging security is
 * on) is accepted only for that user's tenant. A message with no authenticated user names its
 * tenant itself, which is trusted only while the messaging engine's network endpoint is off ({@code
 * WEBHOOKS_JMS_REMOTE} false, the default), so that it can only come from an application deployed
 * in this server; once the endpoint is on, such a message is refused, wherever it came from (a
 * process of the same host included).
 */
public final class JmsSenders {
  private final Map<String, String> tenantByUser = new HashMap<>();
  private final boolean open;

  /** The mapping, for a server whose messaging engine accepts network connections or not. */
  public JmsSenders(String mapping, boolean remoteEndpoint) {
    this.open = remoteEndpoint;
    if (mapping == null) {
      return;
    }
    for (String pair : mapping.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        tenantByUser.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
  }

  /** The mapping, for a server whose messaging engine accepts no network connection. */
  public JmsSenders(String mapping) {
    this(mapping, false);
  }

  /** The tenant the message is for, or why it is refused. */
  public record Decision(String tenantId, String refusal) {}

  public Decision decide(String authenticatedUser, String claimedTenant) {
    if (authenticatedUser == null || authenticatedUser.isBlank()) {
      if (open) {
        return new Decision(
            null,
            "the message has no authenticated sender and the messaging engine accepts network"
                + " connections (WEBHOOKS_JMS_REMOTE): senders must authenticate and be mapped to"
                + " their tenant (WEBHOOKS_JMS_SENDERS)");
      }
      return claimedTenant == null || claimedTenant.isBlank()
          ? new Decision(null, "missing string property tenantId")
          : new Decision(claimedTenant, null);
    }
    Optional<String> mapped = Optional.ofNullable(tenantByUser.get(authenticatedUser));
    if (mapped.isEmpty()) {
      return new Decision(
          null,
          "sender " + authenticatedUser + " is not mapped to a tenant (WEBHOOKS_JMS_SENDERS)");
    }
    if (claimedTenant != null && !claimedTenant.isBlank() && !claimedTenant.equals(mapped.get())) {
      return new Decision(
          null, "sender " + authenticatedUser + " may not post for tenant " + claimedTenant);
    }
    return new Decision(mapped.get(), null);
  }
}
