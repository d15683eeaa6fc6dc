package bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop event ingest over REST, shared by the throughput, isolation, footprint, backlog and
 * crash scenarios.
 *
 * <p>Workers post as fast as the server answers, but hold back while more than {@code backlogCap}
 * accepted deliveries have not reached the receiver. Without that cap a fast ingest path would pile
 * up an ever-growing backlog and we would measure the queue, not delivery; with it the figure is
 * the sustained delivery rate.
 *
 * <p>Transient failures (connection refused, 429, 5xx) are counted and retried with the same events
 * after a short pause, which is also what keeps the load going across a server crash and restart
 * (R1). Any other answer is a bug in the harness or the server and stops the run.
 */
final class Ingest {
  enum Mode {
    SINGLE,
    BATCH;

    String label() {
      return name().toLowerCase();
    }
  }

  /**
   * How to drive one run; {@code maxEvents} and {@code seconds} both bound it, whichever comes
   * first. With {@code outageExpected} every failed answer is retried (a restarting Liberty answers
   * 404 until the app is up); otherwise only 429 and 5xx are, and anything else stops the run as a
   * bug.
   */
  record Options(
      Mode mode,
      int workers,
      int batchSize,
      long backlogCap,
      long maxEvents,
      double seconds,
      boolean keepIds,
      boolean outageExpected) {

    /** Load for a fixed time, no id bookkeeping: the throughput scenarios. */
    static Options timed(Mode mode, int workers, int batchSize, long backlogCap, double seconds) {
      return new Options(
          mode, workers, batchSize, backlogCap, Long.MAX_VALUE, seconds, false, false);
    }
  }

  /** Accepted = answered 202. Deliveries expected = accepted events times the fan-out. */
  record Result(
      long accepted, long expectedDeliveries, long retries, double seconds, List<String> ids) {}

  private final Api api;
  private final String eventType;
  private final int fanout;
  private final Recorder.Group seenBy;

  /**
   * Deliveries the group had already seen before this run, so a reused group does not fake a small
   * backlog.
   */
  private final long seenBefore;

  /** Events carry orderingKey "k" + (seq % orderingKeys); 0: no key. */
  private int orderingKeys;

  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong accepted = new AtomicLong();

  /**
   * @param fanout deliveries each event makes (the number of healthy endpoints subscribed to {@code
   *     eventType})
   * @param seenBy the receiver group where those deliveries are counted, for the backlog cap
   */
  Ingest(Api api, String eventType, int fanout, Recorder.Group seenBy) {
    this.api = api;
    this.eventType = eventType;
    this.fanout = fanout;
    this.seenBy = seenBy;
    this.seenBefore = seenBy.distinct();
  }

  /** Gives events {@code keys} ordering keys, round robin (P6, FIFO). */
  Ingest withOrderingKeys(int keys) {
    this.orderingKeys = keys;
    return this;
  }

  /** Asks the workers to finish their current request and stop. */
  void stop() {
    stop.set(true);
  }

  /** Events accepted so far (live, for scenarios that act midway, like R1's kill). */
  long accepted() {
    return accepted.get();
  }

  Result run(Options o) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (o.seconds() * 1e9);
    AtomicLong nextSeq = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicReference<Throwable> fatal = new AtomicReference<>();
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < o.workers(); w++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  work(o, deadline, nextSeq, retries, ids);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  fatal.compareAndSet(null, e);
                  stop.set(true);
                }
              },
              "ingest-" + w);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (fatal.get() != null) {
      throw new IllegalStateException("ingest stopped: " + fatal.get().getMessage(), fatal.get());
    }
    long n = accepted.get();
    return new Result(
        n,
        n * fanout,
        retries.get(),
        (System.nanoTime() - t0) / 1e9,
        o.keepIds() ? List.copyOf(ids) : List.of());
  }

  private void work(
      Options o,
      long deadline,
      AtomicLong nextSeq,
      AtomicLong retries,
      ConcurrentLinkedQueue<String> ids)
      throws InterruptedException {
    int size = o.mode() == Mode.SINGLE ? 1 : o.batchSize();
    while (!stop.get() && System.nanoTime() < deadline) {
      long seq = nextSeq.getAndAdd(size);
      if (seq >= o.maxEvents()) {
        return;
      }
      int n = (int) Math.min(size, o.maxEvents() - seq);
      if (!waitForBacklog(o.backlogCap(), deadline)) {
        return;
      }
      // Retry the same events until accepted: a 202 is the only thing that makes them count.
      while (!stop.get() && System.nanoTime() < deadline) {
        try {
          List<String> got =
              o.mode() == Mode.SINGLE
                  ? List.of(api.ingest(Payloads.event(eventType, seq, orderingKeys)).id())
                  : api.ingestBatch(Payloads.batch(eventType, seq, n, orderingKeys));
          accepted.addAndGet(got.size());
          if (o.keepIds()) {
            ids.addAll(got);
          }
          break;
        } catch (IOException e) {
          retries.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (Api.ApiException e) {
          if (!o.outageExpected() && e.status != 429 && e.status < 500) {
            throw e;
          }
          retries.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(100);
        }
      }
    }
  }

  /**
   * Waits while the accepted-but-unseen deliveries exceed the cap; false if the run ended
   * meanwhile.
   */
  private boolean waitForBacklog(long cap, long deadline) throws InterruptedException {
    if (cap <= 0) {
      return true;
    }
    while (accepted.get() * fanout - (seenBy.distinct() - seenBefore) > cap) {
      if (stop.get() || System.nanoTime() >= deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(2);
    }
    return true;
  }
}
