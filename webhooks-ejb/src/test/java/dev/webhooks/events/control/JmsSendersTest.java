package dev.webhooks.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JmsSendersTest {
  private final JmsSenders senders = new JmsSenders("billing=t-1, crm=t-2");

  @Test
  void localSendersNameTheirTenant() {
    assertEquals("t-9", senders.decide(null, "t-9").tenantId());
    assertNotNull(senders.decide(null, null).refusal());
  }

  @Test
  void authenticatedSendersPostOnlyForTheirTenant() {
    assertEquals("t-1", senders.decide("billing", "t-1").tenantId());
    assertEquals("t-2", senders.decide("crm", null).tenantId(), "the mapping names the tenant");
    JmsSenders.Decision foreign = senders.decide("billing", "t-2");
    assertNull(foreign.tenantId());
    assertNotNull(foreign.refusal());
    assertNotNull(senders.decide("stranger", "t-1").refusal(), "unmapped users are refused");
  }

  @Test
  void onceTheEngineAcceptsNetworkConnectionsEverySenderMustAuthenticate() {
    assertEquals("t-9", new JmsSenders("billing=t-1", false).decide(null, "t-9").tenantId());
    JmsSenders open = new JmsSenders("billing=t-1", true);
    JmsSenders.Decision anonymous = open.decide(null, "t-9");
    assertNull(anonymous.tenantId());
    assertTrue(anonymous.refusal().contains("WEBHOOKS_JMS_REMOTE"), anonymous.refusal());
    assertEquals("t-1", open.decide("billing", null).tenantId(), "a mapped sender still posts");
  }
}
