package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.AttemptInbox;
import dev.webhooks.deliveries.control.DeliveryQueue;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.List;

/**
 * Takes delivery wake-ups off the queue and hands them to the worker. It does not wait for HTTP:
 * responses are recorded as they arrive, so a slow receiver holds a connection, not this listener.
 */
@MessageDriven(
    name = "DeliveryListener",
    activationConfig =
        @ActivationConfigProperty(
            propertyName = "destinationType",
            propertyValue = "jakarta.jms.Queue"))
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryListener implements MessageListener {
  @Inject DeliveryQueue queue;
  @Inject AttemptInbox inbox;

  @Override
  public void onMessage(Message message) {
    List<Long> ids;
    try {
      ids = DeliveryQueue.parse(((TextMessage) message).getText());
    } catch (JMSException | RuntimeException e) {
      return; // not a wake-up of ours: nothing to deliver, and redelivery would not help
    }
    queue.taken(ids.size());
    // Claimed in batches by the recorder's claim pump: fewer, larger transactions.
    inbox.claimLater(ids);
  }
}
