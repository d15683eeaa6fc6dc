package dev.webhooks.deliveries.control;

import dev.webhooks.endpoints.control.DestinationRules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves host names for the HTTP client and refuses every address the destination rules forbid,
 * so the check applies to the address actually connected to (no DNS rebinding between validation
 * and connection) and nothing is sent to a refused address.
 */
public final class GuardedDnsResolver implements DnsResolver {
  private final DestinationRules rules;

  public GuardedDnsResolver(DestinationRules rules) {
    this.rules = rules;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
    for (InetAddress a : all) {
      Optional<String> why = rules.connection(host, a);
      if (why.isPresent()) {
        throw new RefusedDestinationException(host + " resolves to " + why.get());
      }
    }
    return all;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }

  /** The destination is not allowed: no connection was made. */
  public static final class RefusedDestinationException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    public RefusedDestinationException(String message) {
      super("destination refused: " + message);
    }
  }
}
