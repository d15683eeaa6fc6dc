package dev.webhooks.events.boundary;

import dev.webhooks.events.control.JmsSenders;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.IncomingEvent;
import dev.webhooks.tenants.boundary.Tenants;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.json.JsonException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Ingests events sent over JMS ({@code jms/webhooks/IncomingEvents}: a TextMessage with the REST
 * body and a string property {@code tenantId}) through the same service as REST. A message that can
 * never be ingested goes to {@code jms/webhooks/IncomingEventsFailed} with a {@code reason}
 * property; a passing failure is rethrown so the broker redelivers it (and after its redelivery
 * limit moves it to the exception destination).
 */
@MessageDriven(
    name = "IncomingEventListener",
    activationConfig =
        @ActivationConfigProperty(
            propertyName = "destinationType",
            propertyValue = "jakarta.jms.Queue"))
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IncomingEventListener implements MessageListener {
  private static final Logger LOG = Logger.getLogger(IncomingEventListener.class.getName());

  @Inject EventIngest ingest;
  @Inject Tenants tenants;

  @Inject
  @org.eclipse.microprofile.config.inject.ConfigProperty(name = "WEBHOOKS_JMS_SENDERS")
  Optional<String> senders;

  /** Whether the messaging engine accepts network connections (server.xml's wasJmsEndpoint). */
  @Inject
  @org.eclipse.microprofile.config.inject.ConfigProperty(
      name = "WEBHOOKS_JMS_REMOTE",
      defaultValue = "false")
  boolean remoteEndpoint;

  /** Characters of a message body at most (as a REST request body). */
  @Inject
  @org.eclipse.microprofile.config.inject.ConfigProperty(
      name = "WEBHOOKS_JMS_MAX_BODY",
      defaultValue = "1048576")
  int maxBody;

  /** Characters of a refused message's body kept on the failed queue. */
  static final int KEPT_OF_REFUSED = 64 * 1024;

  @Resource(lookup = "jms/webhooks/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Resource(lookup = "jms/webhooks/IncomingEventsFailed")
  Queue failed;

  private JmsSenders jmsSenders;

  /** The settings, read once per listener instance rather than per message. */
  @jakarta.annotation.PostConstruct
  void start() {
    jmsSenders = new JmsSenders(senders.orElse(null), remoteEndpoint);
  }

  @Override
  public void onMessage(Message message) {
    String text;
    String tenantId;
    try {
      if (!(message instanceof TextMessage tm)) {
        reject(message, null, "not a TextMessage");
        return;
      }
      text = tm.getText();
      tenantId = message.getStringProperty("tenantId");
      if (text != null && text.length() > maxBody) {
        reject(
            message, text, "body longer than " + maxBody + " characters (WEBHOOKS_JMS_MAX_BODY)");
        return;
      }
    } catch (JMSException e) {
      throw new IllegalStateException("cannot read message", e);
    }
    String user;
    try {
      user = message.getStringProperty("JMSXUserID");
    } catch (JMSException e) {
      user = null;
    }
    JmsSenders.Decision decision = jmsSenders.decide(user, tenantId);
    if (decision.refusal() != null) {
      reject(message, text, decision.refusal());
      return;
    }
    tenantId = decision.tenantId();
    Long tenant;
    IncomingEvent event;
    try {
      tenant = tenants.find(tenantId).id();
      Validation v = new Validation();
      event = EventRequests.read(JsonText.parseOrFail(text, "body"), "", v);
      v.throwIfInvalid();
    } catch (ApiFailure e) {
      reject(message, text, e.getMessage());
      return;
    } catch (JsonException e) {
      reject(message, text, "body is not valid JSON");
      return;
    }
    try {
      ingest.submit(tenant, List.of(event));
    } catch (ApiFailure e) {
      reject(message, text, e.getMessage());
    }
  }

  /**
   * Moves a message that can never be ingested to the failed queue with the reason: its body cut to
   * {@link #KEPT_OF_REFUSED} characters (property {@code truncated}). The queue's JMS destination
   * gives it its expiry ({@code WEBHOOKS_JMS_FAILED_TTL_HOURS} in server.xml, 168), after which the
   * messaging engine drops it.
   */
  private void reject(Message original, String text, String reason) {
    LOG.warning("JMS event rejected: " + reason);
    try (JMSContext ctx = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
      String body = text == null ? "" : text;
      boolean cut = body.length() > KEPT_OF_REFUSED;
      var producer =
          ctx.createProducer().setProperty("reason", reason).setProperty("truncated", cut);
      String tenant = original.getStringProperty("tenantId");
      if (tenant != null) {
        producer.setProperty("tenantId", tenant.length() > 200 ? tenant.substring(0, 200) : tenant);
      }
      producer.send(failed, cut ? body.substring(0, KEPT_OF_REFUSED) : body);
    } catch (JMSException e) {
      throw new IllegalStateException("cannot move rejected message", e);
    }
  }
}
