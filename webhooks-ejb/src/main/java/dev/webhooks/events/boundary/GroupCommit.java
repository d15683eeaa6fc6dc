package dev.webhooks.events.boundary;

import dev.webhooks.events.control.EventStore;
import dev.webhooks.spi.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit for the generic ingest: requests that arrive together are stored in one transaction
 * (one commit, one log force, one connection), and each is answered only after that commit. No
 * thread of its own: a request thread that finds a committer's place free takes the requests
 * waiting (its own among them, up to {@link #MAX_REQUESTS} and {@link #MAX_EVENTS}) and commits
 * them; the others wait for their outcome. At most {@link #MAX_COMMITTERS} transactions of ingest
 * run at once, so a burst of requests no longer has every request thread competing for the CPU and
 * the database's latches with the threads that deliver.
 *
 * <p>A request is isolated from the others of its group: one refused for its fan-out gets its 4xx
 * and the others commit ({@link EventStore#acceptGroup}); one whose style intake fails is run alone
 * and the others grouped again; any other failure of the group runs each alone, in its own
 * transaction, as without grouping. A lone request waits for nobody: it commits at once.
 */
@ApplicationScoped
public class GroupCommit {
  /** Ingest transactions at once. */
  static final int MAX_COMMITTERS = 2;

  /** Requests in one transaction at most. */
  static final int MAX_REQUESTS = 64;

  /** Events in one transaction at most; a larger request is stored alone. */
  static final int MAX_EVENTS = 500;

  /**
   * How long a waiting request sleeps before it looks again. It is woken when its group committed,
   * and the first requests still waiting are woken whenever a committer's place frees, so this is
   * only a safety net: waiters polling every few milliseconds cost a measurable share of the CPU in
   * wake-ups (#18).
   */
  static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** {@link #LOOK_AGAIN_NANOS}; a test sets it out of reach to show no request depends on it. */
  long lookAgainNanos = LOOK_AGAIN_NANOS;

  @Inject EventStore store;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore committers = new Semaphore(MAX_COMMITTERS);

  /** One request waiting for its transaction. */
  static final class Pending {
    final EventStore.Submitted request;
    final Thread owner = Thread.currentThread();
    private volatile boolean done;
    private List<AcceptedEvent> accepted;
    private RuntimeException failure;

    Pending(EventStore.Submitted request) {
      this.request = request;
    }

    int events() {
      return request.events().size();
    }

    void accepted(List<AcceptedEvent> a) {
      accepted = a;
      done();
    }

    void failed(RuntimeException e) {
      failure = e;
      done();
    }

    private void done() {
      done = true;
      LockSupport.unpark(owner);
    }
  }

  /**
   * Stores the events of one request, grouped with others that arrive meanwhile; returns once they
   * are committed. {@code alone} stores one request in a transaction of its own (and throws what it
   * is refused with).
   */
  public List<AcceptedEvent> submit(
      Long tenantId,
      List<IncomingEvent> events,
      Function<EventStore.Submitted, List<AcceptedEvent>> alone) {
    EventStore.Submitted request = new EventStore.Submitted(tenantId, events);
    if (events.size() > MAX_EVENTS) {
      return alone.apply(request);
    }
    Pending mine = new Pending(request);
    queue.add(mine);
    while (!mine.done) {
      if (committers.tryAcquire()) {
        try {
          commitRound(alone);
        } finally {
          committers.release();
          // Their turn to commit, if nobody else takes it: as many as there are committers' places,
          // so a place freed while the first waiter was already woken by another is not left idle.
          Iterator<Pending> next = queue.iterator();
          for (int i = 0; i < MAX_COMMITTERS && next.hasNext(); i++) {
            LockSupport.unpark(next.next().owner);
          }
        }
      } else {
        LockSupport.parkNanos(this, lookAgainNanos);
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.accepted;
  }

  /** Requests waiting for a transaction now. */
  int waiting() {
    return queue.size();
  }

  /** Takes the requests waiting, as many as one transaction holds, and stores them. */
  private void commitRound(Function<EventStore.Submitted, List<AcceptedEvent>> alone) {
    List<Pending> group = new ArrayList<>();
    int events = 0;
    Pending p;
    while (group.size() < MAX_REQUESTS
        && (p = queue.peek()) != null
        && (group.isEmpty() || events + p.events() <= MAX_EVENTS)) {
      if (queue.remove(p)) {
        group.add(p);
        events += p.events();
      }
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      commit(group, alone);
    } catch (Throwable t) {
      // Nothing a request does (an Error included) may leave the others of its group waiting for
      // ever; each fails, the committer's own request too, and the next round goes on.
      RuntimeException failure =
          t instanceof RuntimeException r ? r : new IllegalStateException("group commit", t);
      for (Pending each : group) {
        if (!each.done) {
          each.failed(failure);
        }
      }
    }
  }

  private void commit(
      List<Pending> group, Function<EventStore.Submitted, List<AcceptedEvent>> alone) {
    if (group.size() == 1) {
      runAlone(group.get(0), alone);
      return;
    }
    List<EventStore.Outcome> outcomes;
    try {
      outcomes = store.acceptGroup(group.stream().map(g -> g.request).toList());
    } catch (EventStore.PartFailed f) {
      runAlone(group.get(f.index()), alone);
      List<Pending> rest = new ArrayList<>(group);
      rest.remove(f.index());
      commit(rest, alone);
      return;
    } catch (RuntimeException e) {
      // A conflict (an idempotency key taken meanwhile), a deadlock victim, the database: each
      // request again on its own, as without grouping.
      for (Pending each : group) {
        runAlone(each, alone);
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      EventStore.Outcome o = outcomes.get(i);
      if (o.refused() != null) {
        group.get(i).failed(o.refused());
      } else {
        group.get(i).accepted(o.accepted());
      }
    }
  }

  private static void runAlone(
      Pending p, Function<EventStore.Submitted, List<AcceptedEvent>> alone) {
    try {
      p.accepted(alone.apply(p.request));
    } catch (RuntimeException e) {
      p.failed(e);
    }
  }
}
