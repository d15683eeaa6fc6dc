package dev.webhooks.cluster.boundary;

import dev.webhooks.cluster.control.MemberStore;
import dev.webhooks.cluster.control.Membership;
import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server as a member of the cluster on its database. At start it registers a new incarnation
 * (giving back what its earlier ones held); then, every quarter of {@code WEBHOOKS_MEMBER_LEASE},
 * it renews its heartbeat, counts the live members and takes over the claims of any member silent
 * for longer than the lease; at a clean stop it gives back its own. The beans that claim work
 * depend on this one, so nothing is claimed before the incarnation exists, and they stop first.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MemberHeartbeat {
  private static final Logger LOG = Logger.getLogger(MemberHeartbeat.class.getName());

  @Inject MemberStore store;
  @Inject Membership membership;
  @Inject Settings settings;

  @Resource(lookup = "concurrent/webhooks/DeliveryScheduler")
  ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> beats;
  private String serverId;
  private Duration lease;

  @PostConstruct
  void join() {
    serverId = settings.serverId();
    lease = settings.memberLease();
    register();
    beat(); // the live members now, not a beat later: each member's share of the limits
    long every = Math.max(500, lease.toMillis() / 4);
    beats = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  private void register() {
    membership.registered(store.register(serverId));
    LOG.info(
        "member "
            + serverId
            + " (incarnation "
            + membership.incarnation()
            + ") joined; silent members are taken over after "
            + lease.toMillis()
            + " ms");
  }

  void beat() {
    try {
      MemberStore.Beat beat = store.beat(membership.incarnation(), lease);
      if (!beat.alive()) {
        // Silent for longer than the lease (a long pause, or the database out of reach): the others
        // gave back what this incarnation held. Go on as a new one.
        LOG.warning(
            "incarnation "
                + membership.incarnation()
                + " was taken over by another member after a silence longer than the lease;"
                + " registering again");
        register();
        return;
      }
      membership.seen(beat.liveMembers());
      if (!beat.takenOver().isEmpty()) {
        LOG.warning(
            "took over the claims of silent member incarnations "
                + beat.takenOver()
                + "; their deliveries are back in line");
      }
    } catch (Throwable t) {
      // The next beat tries again; after a lease of failures the others take this one over.
      LOG.log(Level.WARNING, "member heartbeat failed: " + Failures.describe(t), t);
    }
  }

  @PreDestroy
  void leave() {
    if (beats != null) {
      beats.cancel(false);
    }
    try {
      store.leave(membership.incarnation());
    } catch (Throwable t) {
      LOG.log(
          Level.WARNING,
          "could not give back this member's claims at stop; the others take them over after the"
              + " lease: "
              + Failures.describe(t));
    }
  }
}
