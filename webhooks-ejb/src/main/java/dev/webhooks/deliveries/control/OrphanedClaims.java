package dev.webhooks.deliveries.control;

import dev.webhooks.cluster.control.ClaimsOrphaned;
import dev.webhooks.deliveries.entity.DeliveryStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.util.logging.Logger;

/**
 * Gives back the deliveries that member incarnations taken over had queued or claimed, in the
 * transaction that takes them over: they wait again, due at once, and the next sweep of any member
 * sends them. A request such a member had sent but not recorded is sent again (at least once); one
 * still running on a member that is alive is never taken: only silent, restarted or stopped
 * incarnations are.
 */
@ApplicationScoped
public class OrphanedClaims {
  private static final Logger LOG = Logger.getLogger(OrphanedClaims.class.getName());

  private static final String RELEASE =
      "UPDATE WH_DELIVERY SET STATUS = "
          + DeliveryStatus.PENDING.sql()
          + ", CLAIM_TOKEN = NULL, LEASE_UNTIL = NULL, QUEUED_AT = NULL, OWNER_ID = NULL,"
          + " NEXT_ATTEMPT_AT = ? WHERE STATUS IN ("
          + DeliveryStatus.sqlList(
              java.util.EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.IN_FLIGHT))
          + ") AND ";

  @PersistenceContext EntityManager em;

  void release(@Observes ClaimsOrphaned orphaned) {
    Timestamp due = Timestamp.from(orphaned.now().minusSeconds(60));
    int released = 0;
    for (Long incarnation : orphaned.incarnations()) {
      released +=
          em.createNativeQuery(RELEASE + "OWNER_ID = ?")
              .setParameter(1, due)
              .setParameter(2, incarnation)
              .executeUpdate();
    }
    if (orphaned.unowned()) {
      released +=
          em.createNativeQuery(RELEASE + "OWNER_ID IS NULL").setParameter(1, due).executeUpdate();
    }
    if (released > 0) {
      LOG.info(
          released
              + " deliveries queued or in flight on "
              + (orphaned.incarnations().isEmpty()
                  ? "an earlier version"
                  : "incarnations " + orphaned.incarnations())
              + " are back in line");
    }
  }
}
