package dev.webhooks.deliveries.control;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a dispatcher loop last ran. A loop that has work waiting and has not run for {@link
 * #STALE_AFTER} is stalled (dead or stuck), and liveness reports the server down so that an
 * orchestrator restarts it. A loop with nothing to do is never stalled, however long it sleeps, and
 * receivers that all hang are no reason either: the loops do not wait for them.
 */
public final class Heartbeat {
  public static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private final String loop;
  private final AtomicLong lastBeatMillis;

  public Heartbeat(String loop, long nowMillis) {
    this.loop = loop;
    this.lastBeatMillis = new AtomicLong(nowMillis);
  }

  public String loop() {
    return loop;
  }

  public void beat(long nowMillis) {
    lastBeatMillis.set(nowMillis);
  }

  public long lastBeatMillis() {
    return lastBeatMillis.get();
  }

  public boolean stalled(long nowMillis, boolean workWaiting) {
    return workWaiting && nowMillis - lastBeatMillis.get() > STALE_AFTER.toMillis();
  }
}
