package bench;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the server JVM's resident set size twice a second while a load runs, keeping the peak.
 * Peak, not average: the goal is about the memory a host must provision.
 */
final class RssSampler implements AutoCloseable {
  private final AtomicLong peakKiB = new AtomicLong(-1);
  private final Thread thread;
  private volatile boolean running = true;

  private RssSampler(long pid) {
    thread =
        new Thread(
            () -> {
              while (running) {
                long rss = ServerControl.rssKiB(pid);
                peakKiB.accumulateAndGet(rss, Math::max);
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts sampling the server's pid, or returns null when the pid cannot be found (reported by the
   * caller).
   */
  static RssSampler start(ServerControl server) throws IOException, InterruptedException {
    OptionalLong pid = server.pid();
    return pid.isPresent() ? new RssSampler(pid.getAsLong()) : null;
  }

  long peakKiB() {
    return peakKiB.get();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
