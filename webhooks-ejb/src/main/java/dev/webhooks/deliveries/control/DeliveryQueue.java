package dev.webhooks.deliveries.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Wakes the delivery workers over JMS. A message carries up to {@link #CHUNK} delivery ids; the
 * database row is the record of the delivery, so a lost wake-up only delays it until the sweeper
 * finds it.
 */
@ApplicationScoped
public class DeliveryQueue {
  private static final Logger LOG = Logger.getLogger(DeliveryQueue.class.getName());
  static final int CHUNK = 50;

  @Resource(lookup = "jms/webhooks/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Resource(lookup = "jms/webhooks/Deliveries")
  Queue deliveries;

  /**
   * Delivery ids sent and not yet taken by a worker: lets the sweeper hold back under a backlog.
   */
  private final AtomicLong outstanding = new AtomicLong();

  /** Wakes queued deliveries: a worker claims them. */
  public void wake(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try (JMSContext ctx = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
      var producer = ctx.createProducer();
      for (int i = 0; i < ids.size(); i += CHUNK) {
        List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
        producer.send(
            deliveries, chunk.stream().map(String::valueOf).collect(Collectors.joining(",")));
        outstanding.addAndGet(chunk.size());
      }
    } catch (JMSRuntimeException e) {
      // The rows stay queued; the sweeper wakes them once their wake-up counts as lost.
      LOG.log(Level.WARNING, "could not send delivery wake-ups; the sweeper will retry", e);
    }
  }

  public void taken(int n) {
    outstanding.addAndGet(-n);
  }

  public long outstanding() {
    return Math.max(0, outstanding.get());
  }

  public static List<Long> parse(String body) {
    return Arrays.stream(body.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Long::valueOf)
        .toList();
  }
}
