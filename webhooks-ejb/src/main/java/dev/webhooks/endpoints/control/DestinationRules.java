package dev.webhooks.endpoints.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where webhooks may be sent. Refuses loopback, private (RFC 1918), link-local, CGNAT, unique-local
 * IPv6, multicast, unspecified, reserved and documentation ranges, and IPv4 addresses embedded in
 * IPv6 forms of these, unless the operator allowed them ({@code WEBHOOKS_ALLOWED_TARGETS}, or
 * loopback with {@code WEBHOOKS_ALLOW_LOOPBACK_TARGETS}). Checked when a URL is saved and again for
 * the address actually connected to.
 *
 * <p>An allowed entry may name the tenants it is for ({@code 10.1.2.0/24@acme|globex}, each a
 * tenant's id or name): it is then reserved for them, and refused to every other tenant even where
 * another rule would allow it (loopback in development, a public address). Rules are read for one
 * tenant with {@link #forTenant}; the rules built from the setting alone are those of a tenant no
 * entry names.
 */
public final class DestinationRules {

  private static final List<Cidr> FORBIDDEN =
      List.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"),
          Cidr.parse("192.0.2.0/24"),
          Cidr.parse("192.88.99.0/24"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"),
          Cidr.parse("198.51.100.0/24"),
          Cidr.parse("203.0.113.0/24"),
          Cidr.parse("224.0.0.0/4"),
          Cidr.parse("240.0.0.0/4"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("fec0::/10"),
          Cidr.parse("ff00::/8"),
          Cidr.parse("2001:db8::/32"),
          Cidr.parse("100::/64"));

  static final String RESERVED = "a destination the operator reserved for other tenants";

  private final boolean allowLoopback;
  private final List<Entry> entries;

  /** The entries open to the tenant these rules are read for: every unreserved one, and its own. */
  private final List<Entry> mine;

  /** The entries reserved for other tenants. */
  private final List<Entry> others;

  /** The indexes of the reserved entries open under these rules ({@link #grants}). */
  private final Set<Integer> grants;

  /**
   * @param allowLoopback allow 127.0.0.0/8, ::1 and localhost (over plain http too)
   * @param allowedTargets comma-separated CIDRs, addresses and host names the operator allows, each
   *     optionally followed by {@code @tenant|tenant} to reserve it for those tenants
   * @throws IllegalArgumentException for an entry that names no tenant after its {@code @}
   */
  public DestinationRules(boolean allowLoopback, String allowedTargets) {
    this(allowLoopback, parse(allowedTargets), Set.of());
  }

  private DestinationRules(boolean allowLoopback, List<Entry> entries, Set<String> tenant) {
    this.allowLoopback = allowLoopback;
    this.entries = entries;
    this.mine = entries.stream().filter(e -> e.openTo(tenant)).toList();
    this.others = entries.stream().filter(e -> !e.openTo(tenant)).toList();
    Set<Integer> open = new TreeSet<>();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).reserved() && entries.get(i).openTo(tenant)) {
        open.add(i);
      }
    }
    this.grants = Collections.unmodifiableSet(open);
  }

  /**
   * These rules as they hold for one tenant, known by its id and name (the entries reserved for it
   * are open to it, the ones reserved for others refused).
   */
  public DestinationRules forTenant(String publicId, String name) {
    Set<String> keys = new HashSet<>();
    if (publicId != null) {
      keys.add(publicId);
    }
    if (name != null) {
      keys.add(name);
    }
    return new DestinationRules(allowLoopback, entries, keys);
  }

  /**
   * The reserved entries open under these rules: tenants with the same set obey the same rules and
   * may share connections; tenants with different sets must not.
   */
  public Set<Integer> grants() {
    return grants;
  }

  /** Whether any entry is reserved for named tenants. */
  public boolean hasReservations() {
    return entries.stream().anyMatch(Entry::reserved);
  }

  private static List<Entry> parse(String allowedTargets) {
    List<Entry> out = new ArrayList<>();
    if (allowedTargets == null) {
      return out;
    }
    for (String raw : allowedTargets.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      Set<String> tenants = new LinkedHashSet<>();
      int at = item.indexOf('@');
      if (at >= 0) {
        for (String t : item.substring(at + 1).split("\\|")) {
          if (!t.isBlank()) {
            tenants.add(t.trim());
          }
        }
        if (tenants.isEmpty()) {
          throw new IllegalArgumentException(
              "WEBHOOKS_ALLOWED_TARGETS: '" + item + "' names no tenant after '@'");
        }
        item = item.substring(0, at).trim();
      }
      String t = item.toLowerCase(Locale.ROOT);
      Optional<Cidr> cidr = Cidr.tryParse(t);
      out.add(new Entry(cidr.orElse(null), cidr.isPresent() ? null : t, Set.copyOf(tenants)));
    }
    return List.copyOf(out);
  }

  /**
   * Why this URL may not be used as a destination, or empty when it may. Resolves the host name.
   */
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.of("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("must be an https URL");
    }
    if (host == null || host.isBlank()) {
      return Optional.of("must be an absolute URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain user information");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("must not contain a fragment");
    }
    if (url.length() > 2048) {
      return Optional.of("must be at most 2048 characters");
    }
    String bareHost = stripBrackets(host).toLowerCase(Locale.ROOT);
    if (hostIn(others, bareHost)) {
      return Optional.of("is " + RESERVED);
    }
    boolean hostAllowed = isAllowedHost(bareHost);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bareHost);
    } catch (UnknownHostException e) {
      // A name that does not resolve yet is checked again when a delivery connects.
      addresses = new InetAddress[0];
    }
    boolean allLoopbackOrAllowed = addresses.length > 0;
    for (InetAddress a : addresses) {
      Optional<String> why = connection(bareHost, a);
      if (why.isPresent()) {
        return Optional.of("resolves to " + why.get());
      }
      allLoopbackOrAllowed &= hostAllowed || addressIn(mine, a) || (allowLoopback && isLoopback(a));
    }
    if (scheme.equals("http") && !(allLoopbackOrAllowed || hostAllowed)) {
      return Optional.of("must be an https URL");
    }
    return Optional.empty();
  }

  /**
   * Why a connection to this address, which {@code host} resolved to, is refused, or empty when it
   * is allowed.
   */
  public Optional<String> connection(String host, InetAddress address) {
    if (addressIn(mine, address)) {
      return Optional.empty();
    }
    if (addressIn(others, address) || (host != null && hostIn(others, normal(host)))) {
      return Optional.of(RESERVED);
    }
    if (isAllowedHost(host)) {
      return Optional.empty();
    }
    return refusal(address);
  }

  /** Why a connection to this address is refused, or empty when it is allowed. */
  public Optional<String> refusal(InetAddress address) {
    if (addressIn(mine, address)) {
      return Optional.empty();
    }
    if (addressIn(others, address)) {
      return Optional.of(RESERVED);
    }
    if (allowLoopback && isLoopback(address)) {
      return Optional.empty();
    }
    for (InetAddress candidate : embeddedForms(address)) {
      for (Cidr c : FORBIDDEN) {
        if (c.contains(candidate)) {
          return Optional.of("a non-public address (" + c + ")");
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the host name itself is on the operator's allow list (for this tenant). */
  private boolean isAllowedHost(String host) {
    return host != null && hostIn(mine, normal(host));
  }

  private static String normal(String host) {
    return stripBrackets(host).toLowerCase(Locale.ROOT);
  }

  private static boolean hostIn(List<Entry> list, String bareHost) {
    for (Entry e : list) {
      if (bareHost.equals(e.host())) {
        return true;
      }
    }
    return false;
  }

  private static boolean addressIn(List<Entry> list, InetAddress a) {
    for (InetAddress candidate : embeddedForms(a)) {
      for (Entry e : list) {
        if (e.range() != null && e.range().contains(candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One entry of the allow list: a range or a host name, for everyone or for named tenants. */
  private record Entry(Cidr range, String host, Set<String> tenants) {
    boolean reserved() {
      return !tenants.isEmpty();
    }

    boolean openTo(Set<String> tenant) {
      return tenants.isEmpty() || tenant.stream().anyMatch(tenants::contains);
    }
  }

  private static boolean isLoopback(InetAddress a) {
    for (InetAddress candidate : embeddedForms(a)) {
      if (candidate.isLoopbackAddress()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The address plus any IPv4 address it carries: IPv4-mapped, IPv4-compatible, NAT64 and 6to4
   * forms.
   */
  static List<InetAddress> embeddedForms(InetAddress a) {
    List<InetAddress> out = new ArrayList<>(2);
    out.add(a);
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      boolean firstTenZero = true;
      for (int i = 0; i < 10; i++) {
        firstTenZero &= b[i] == 0;
      }
      byte[] v4 = null;
      if (firstTenZero
          && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        v4 = new byte[] {b[12], b[13], b[14], b[15]}; // ::ffff:a.b.c.d and ::a.b.c.d
      } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
        v4 = new byte[] {b[12], b[13], b[14], b[15]}; // 64:ff9b::/96 (NAT64)
      } else if (b[0] == 0x20 && b[1] == 0x02) {
        v4 = new byte[] {b[2], b[3], b[4], b[5]}; // 2002::/16 (6to4)
      }
      if (v4 != null) {
        try {
          out.add(Inet4Address.getByAddress(v4));
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** An address range in CIDR notation. */
  record Cidr(byte[] network, int prefix, String text) {
    static Cidr parse(String text) {
      return tryParse(text).orElseThrow(() -> new IllegalArgumentException(text));
    }

    static Optional<Cidr> tryParse(String text) {
      String addr = text;
      int prefix = -1;
      int slash = text.indexOf('/');
      if (slash >= 0) {
        addr = text.substring(0, slash);
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
      if (!looksLikeAddress(addr)) {
        return Optional.empty();
      }
      try {
        byte[] bytes = InetAddress.getByName(addr).getAddress();
        int max = bytes.length * 8;
        if (prefix < 0) {
          prefix = max;
        }
        if (prefix > max) {
          return Optional.empty();
        }
        return Optional.of(new Cidr(bytes, prefix, text));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }

    private static boolean looksLikeAddress(String s) {
      return s.contains(":") || s.matches("[0-9.]+");
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
