package dev.webhooks.deliveries.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
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

  /** A wake-up: deliveries to claim, or ({@code claimToken} set) already claimed under it. */
  public record WakeUp(String claimToken, List<Long> ids) {}

  /** Wakes queued deliveries: a worker claims them. */
  public void wake(List<Long> ids) {
    send(null, ids);
  }

  /**
   * Hands over deliveries committed already claimed by {@code token}: a worker reads and sends them
   * without a claim transaction. Returns false if the wake-up could not be sent; the caller then
   * releases the claim so the sweeper finds them.
   */
  public boolean wakeClaimed(String token, List<Long> ids) {
    return send(token, ids);
  }

  private boolean send(String token, List<Long> ids) {
    if (ids.isEmpty()) {
      return true;
    }
    String prefix = token == null ? "" : token + ":";
    try (JMSContext ctx = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
      var producer = ctx.createProducer();
      for (int i = 0; i < ids.size(); i += CHUNK) {
        List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
        producer.send(
            deliveries,
            prefix + chunk.stream().map(String::valueOf).collect(Collectors.joining(",")));
        outstanding.addAndGet(chunk.size());
      }
      return true;
    } catch (JMSRuntimeException e) {
      // The rows stay queued; the sweeper wakes them once their wake-up counts as lost.
      LOG.log(Level.WARNING, "could not send delivery wake-ups; the sweeper will retry", e);
      return false;
    }
  }

  public void taken(int n) {
    outstanding.addAndGet(-n);
  }

  public long outstanding() {
    return Math.max(0, outstanding.get());
  }

  public static WakeUp parse(String body) {
    int colon = body.indexOf(':');
    String token = colon < 0 ? null : body.substring(0, colon);
    return new WakeUp(token, ids(colon < 0 ? body : body.substring(colon + 1)));
  }

  private static List<Long> ids(String body) {
    return java.util.Arrays.stream(body.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Long::valueOf)
        .toList();
  }
}
