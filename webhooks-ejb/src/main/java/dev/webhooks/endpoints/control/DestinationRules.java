package dev.webhooks.endpoints.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may be sent. Refuses loopback, private (RFC 1918), link-local, CGNAT, unique-local
 * IPv6, multicast, unspecified, reserved and documentation ranges, and IPv4 addresses embedded in
 * IPv6 forms of these, unless the operator allowed them ({@code WEBHOOKS_ALLOWED_TARGETS}, or
 * loopback with {@code WEBHOOKS_ALLOW_LOOPBACK_TARGETS}). Checked when a URL is saved and again for
 * the address actually connected to.
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

  private final boolean allowLoopback;
  private final List<Cidr> allowedRanges = new ArrayList<>();
  private final List<String> allowedHosts = new ArrayList<>();

  /**
   * @param allowLoopback allow 127.0.0.0/8, ::1 and localhost (over plain http too)
   * @param allowedTargets comma-separated CIDRs, addresses and host names the operator allows
   */
  public DestinationRules(boolean allowLoopback, String allowedTargets) {
    this.allowLoopback = allowLoopback;
    if (allowedTargets != null) {
      for (String raw : allowedTargets.split(",")) {
        String t = raw.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
          continue;
        }
        Optional<Cidr> cidr = Cidr.tryParse(t);
        if (cidr.isPresent()) {
          allowedRanges.add(cidr.get());
        } else {
          allowedHosts.add(t);
        }
      }
    }
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
    boolean hostAllowed = allowedHosts.contains(bareHost);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bareHost);
    } catch (UnknownHostException e) {
      // A name that does not resolve yet is checked again when a delivery connects.
      addresses = new InetAddress[0];
    }
    boolean allLoopbackOrAllowed = addresses.length > 0;
    for (InetAddress a : addresses) {
      Optional<String> why = hostAllowed ? Optional.empty() : refusal(a);
      if (why.isPresent()) {
        return Optional.of("resolves to " + why.get());
      }
      allLoopbackOrAllowed &=
          hostAllowed || isOperatorAllowed(a) || (allowLoopback && isLoopback(a));
    }
    if (scheme.equals("http") && !(allLoopbackOrAllowed || hostAllowed)) {
      return Optional.of("must be an https URL");
    }
    return Optional.empty();
  }

  /** Why a connection to this address is refused, or empty when it is allowed. */
  public Optional<String> refusal(InetAddress address) {
    if (isOperatorAllowed(address)) {
      return Optional.empty();
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

  /** Whether the host name itself is on the operator's allow list. */
  public boolean isAllowedHost(String host) {
    return host != null && allowedHosts.contains(stripBrackets(host).toLowerCase(Locale.ROOT));
  }

  private boolean isOperatorAllowed(InetAddress a) {
    for (InetAddress candidate : embeddedForms(a)) {
      for (Cidr c : allowedRanges) {
        if (c.contains(candidate)) {
          return true;
        }
      }
    }
    return false;
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
