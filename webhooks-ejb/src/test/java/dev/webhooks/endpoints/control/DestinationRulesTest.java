package dev.webhooks.endpoints.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.deliveries.control.HttpSender;
import dev.webhooks.spi.OutgoingRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationRulesTest {
  private final DestinationRules strict = new DestinationRules(false, "");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::1"
      })
  void refusesNonPublicAddresses(String ip) throws Exception {
    assertTrue(strict.refusal(InetAddress.getByName(ip)).isPresent(), ip);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1"})
  void allowsPublicAddresses(String ip) throws Exception {
    assertEquals(Optional.empty(), strict.refusal(InetAddress.getByName(ip)), ip);
  }

  @Test
  void urlRules() {
    assertTrue(strict.refusal("ftp://example.com/x").isPresent());
    assertTrue(strict.refusal("http://8.8.8.8/x").isPresent()); // plain http to a public host
    assertTrue(strict.refusal("https://user:pw@8.8.8.8/x").isPresent());
    assertTrue(strict.refusal("https://127.0.0.1/x").isPresent());
    assertTrue(strict.refusal("https://[::1]/x").isPresent());
    assertTrue(strict.refusal("https://localhost/x").isPresent());
    assertTrue(strict.refusal("not a url").isPresent());
    assertEquals(Optional.empty(), strict.refusal("https://8.8.8.8/hook"));
  }

  @Test
  void loopbackFlagAllowsLoopbackOverHttpOnly() {
    DestinationRules dev = new DestinationRules(true, "");
    assertEquals(Optional.empty(), dev.refusal("http://127.0.0.1:8080/x"));
    assertEquals(Optional.empty(), dev.refusal("http://localhost:8080/x"));
    assertEquals(Optional.empty(), dev.refusal("http://[::1]:8080/x"));
    assertTrue(dev.refusal("http://10.0.0.1/x").isPresent());
  }

  @Test
  void operatorAllowListOpensRanges() throws Exception {
    DestinationRules onPrem = new DestinationRules(false, "10.0.0.0/8, 192.168.5.7");
    assertEquals(Optional.empty(), onPrem.refusal(InetAddress.getByName("10.9.8.7")));
    assertEquals(Optional.empty(), onPrem.refusal("http://10.9.8.7/hook"));
    assertEquals(Optional.empty(), onPrem.refusal(InetAddress.getByName("192.168.5.7")));
    assertTrue(onPrem.refusal(InetAddress.getByName("192.168.5.8")).isPresent());
  }

  /**
   * An entry naming tenants is theirs alone: refused to the others, even where loopback is open.
   */
  @Test
  void reservedEntriesServeOnlyTheirTenants() throws Exception {
    DestinationRules all =
        new DestinationRules(
            true, "10.1.0.0/16@acme|globex-id, 127.0.0.66@acme, intranet.test@acme");
    DestinationRules acme = all.forTenant("acme-id", "acme");
    DestinationRules globex = all.forTenant("globex-id", "Globex");
    DestinationRules other = all.forTenant("other-id", "other");

    assertEquals(Optional.empty(), acme.refusal("http://10.1.2.3/hook"));
    assertEquals(Optional.empty(), globex.refusal("http://10.1.2.3/hook"), "named by its id");
    assertEquals(Optional.empty(), acme.refusal("http://127.0.0.66:9000/hook"));
    assertEquals(
        Optional.empty(), acme.connection("intranet.test", InetAddress.getByName("10.9.9.9")));

    for (DestinationRules r : List.of(other, all)) {
      assertEquals(
          Optional.of("resolves to " + DestinationRules.RESERVED),
          r.refusal("http://10.1.2.3/hook"));
      assertEquals(
          Optional.of("resolves to " + DestinationRules.RESERVED),
          r.refusal("http://127.0.0.66:9000/hook"),
          "reserved although loopback is open to everyone");
      assertEquals(
          Optional.of("is " + DestinationRules.RESERVED), r.refusal("https://intranet.test/x"));
      assertEquals(
          Optional.of(DestinationRules.RESERVED),
          r.connection("intranet.test", InetAddress.getByName("8.8.8.8")));
      assertEquals(
          Optional.empty(), r.refusal("http://127.0.0.1:9000/hook"), "the rest stays open");
    }
    assertTrue(globex.refusal("http://127.0.0.66:9000/hook").isPresent());

    assertEquals(Set.of(), other.grants());
    assertEquals(Set.of(0, 1, 2), acme.grants());
    assertEquals(Set.of(0), globex.grants());
    assertTrue(all.hasReservations());
    assertFalse(new DestinationRules(false, "10.0.0.0/8").hasReservations());
    assertThrows(IllegalArgumentException.class, () -> new DestinationRules(false, "10.0.0.0/8@"));
  }

  /** The check applies to the address connected to: no connection is made to a refused one. */
  @Test
  void senderRefusesBeforeConnecting() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        HttpSender sender = new HttpSender(strict, 10, 10)) {
      socket.setSoTimeout(500);
      var outcome =
          sender
              .send(
                  new OutgoingRequest(
                      "http://127.0.0.1:" + socket.getLocalPort() + "/x", new byte[] {'{', '}'}),
                  Duration.ofSeconds(2))
              .get();
      assertTrue(outcome.error().contains("destination refused"), outcome.error());
      assertThrows(SocketTimeoutException.class, socket::accept);
    }
  }
}
