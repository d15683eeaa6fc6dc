package dev.webhooks.deliveries.boundary;

import dev.webhooks.deliveries.control.DeliveryStyles;
import dev.webhooks.deliveries.control.ReactionQueue;
import dev.webhooks.deliveries.control.Views;
import dev.webhooks.deliveries.entity.Delivery;
import dev.webhooks.deliveries.entity.Reaction;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Transactions;
import dev.webhooks.spi.DeliveryEnd;
import dev.webhooks.spi.DeliveryFinished;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.HttpOutcome;
import dev.webhooks.tenants.boundary.FaultInjection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the styles' reactions ({@link DeliveryStyle#onFinished}, {@link DeliveryStyle#onDisabled}),
 * one transaction each, in which the reaction's own writes and the deletion of its row commit
 * together. Reactions just committed run at once; the sweep here finds the rest (a server that
 * stopped before running them, a reaction that failed and is due again). One thread runs them in
 * order, so reactions to one Job run never race each other.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class StyleReactions {
  private static final Logger LOG = Logger.getLogger(StyleReactions.class.getName());
  static final int SWEEP_BATCH = 500;

  @Resource(lookup = "concurrent/webhooks/DeliveryScheduler")
  ManagedScheduledExecutorService scheduler;

  @Resource UserTransaction tx;
  @PersistenceContext EntityManager em;
  @Inject ReactionQueue queue;
  @Inject DeliveryStyles styles;
  @Inject Views views;
  @Inject FaultInjection faults;

  private ScheduledFuture<?> runner;
  private ScheduledFuture<?> sweeper;

  @PostConstruct
  void start() {
    runner = scheduler.scheduleWithFixedDelay(this::runQueued, 50, 20, TimeUnit.MILLISECONDS);
    sweeper = scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    runner.cancel(false);
    sweeper.cancel(false);
  }

  /** Runs what is queued; nothing escapes (the next round runs again). */
  void runQueued() {
    try {
      Long id;
      while ((id = queue.poll()) != null) {
        run(id);
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "style reactions round failed: " + Failures.describe(t), t);
    }
  }

  /** Queues the reactions that are due: not run in memory in time, or failed and due again. */
  void sweep() {
    try {
      List<Long> due =
          Transactions.inOne(
              tx,
              () ->
                  em.createNamedQuery("Reaction.due", Long.class)
                      .setParameter("now", Instant.now())
                      .setMaxResults(SWEEP_BATCH)
                      .getResultList());
      queue.offer(due);
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "style reactions sweep failed: " + Failures.describe(t), t);
    }
  }

  /** One reaction in its own transaction; a failure is written to its row in another. */
  void run(Long id) {
    try {
      Transactions.inOne(
          tx,
          () -> {
            Reaction r = em.find(Reaction.class, id);
            if (r == null) {
              return null; // done already (run by the sweep and the queue both)
            }
            faults.at(FaultInjection.REACTION, r.tenantId());
            react(r);
            em.remove(r);
            return null;
          });
    } catch (Throwable t) {
      String why = Failures.describe(t);
      try {
        boolean again =
            Transactions.inOne(
                tx,
                () -> {
                  Reaction r = em.find(Reaction.class, id);
                  return r != null && r.failed(why, Instant.now());
                });
        LOG.log(
            again ? Level.WARNING : Level.SEVERE,
            "style reaction "
                + id
                + (again ? " failed; it is tried again later: " : " failed for good: ")
                + why);
      } catch (Throwable t2) {
        LOG.log(Level.WARNING, "style reaction " + id + " failed: " + why, t2);
      }
    }
  }

  private void react(Reaction r) {
    Instant now = Instant.now();
    Endpoint ep = em.find(Endpoint.class, r.endpointId());
    if (ep == null) {
      return;
    }
    DeliveryStyle style = styles.of(ep.kind());
    switch (r.kind()) {
      case DISABLED -> style.onDisabled(views.endpoint(ep, now), r.failingSince());
      case FINISHED -> {
        Delivery d = em.find(Delivery.class, r.deliveryId());
        if (d == null) {
          return; // purged by retention
        }
        HttpOutcome last =
            new HttpOutcome(
                r.createdAt(),
                r.durationMs() == null ? 0 : r.durationMs(),
                r.statusCode(),
                Map.of(),
                r.body(),
                r.failureKind() == null ? null : r.reason(),
                r.failureKind());
        style.onFinished(
            new DeliveryFinished(
                d.id(),
                d.publicId(),
                DeliveryEnd.valueOf(r.ended()),
                views.event(d.event()),
                views.endpoint(ep, now),
                last,
                r.reason()));
      }
    }
  }
}
