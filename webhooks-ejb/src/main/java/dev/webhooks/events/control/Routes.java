package dev.webhooks.events.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.deliveries.control.DeliveryStyles;
import dev.webhooks.deliveries.control.Views;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointState;
import dev.webhooks.endpoints.entity.Ordering;
import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.RoutingTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Each tenant's routing (its routed subscriptions, as immutable values), cached on this member and
 * checked on every use against {@code WH_TENANT.ROUTING_VERSION}, which a trigger grows in the same
 * transaction as any change to one of the tenant's subscriptions (migration 008). Reading that
 * version is one primary-key read; the subscriptions are read again only when it moved. A change
 * committed on any member of a cluster is therefore seen by the next event accepted anywhere
 * (staleness: none), as the query it replaces saw it.
 *
 * <p>Bounded by the number of routes held ({@link #MAX_ROUTES}); a tenant not routed to for {@link
 * #IDLE} is dropped.
 */
@ApplicationScoped
public class Routes {
  static final long MAX_ROUTES = 200_000;
  static final Duration IDLE = Duration.ofMinutes(10);

  private static final List<EndpointKind> ROUTED_KINDS =
      Arrays.stream(EndpointKind.values()).filter(EndpointKind::isRouted).toList();

  /** One subscription as routing needs it: no entity, nothing mutable. */
  public record Route(
      Long endpointId,
      EndpointKind kind,
      Ordering ordering,
      RoutingTarget target,
      DeliveryStyle style) {}

  /** A tenant's routes as of {@code version}. */
  record Table(long version, List<Route> routes) {}

  private final Cache<Long, Table> cache =
      Caffeine.newBuilder()
          .maximumWeight(MAX_ROUTES)
          .weigher((Long tenant, Table t) -> t.routes().size() + 1)
          .expireAfterAccess(IDLE)
          .build();

  @PersistenceContext EntityManager em;
  @Inject DeliveryStyles styles;

  /**
   * The tenant's routes as of now, in the caller's transaction. The version is read before the
   * subscriptions, so a table is never stored under a version newer than what it holds.
   */
  public List<Route> of(Long tenantId) {
    long version = version(tenantId);
    Table cached = cache.getIfPresent(tenantId);
    if (cached != null && cached.version() == version) {
      return cached.routes();
    }
    List<Route> routes = load(tenantId);
    cache
        .asMap()
        .merge(
            tenantId,
            new Table(version, routes),
            (old, fresh) -> old.version() > fresh.version() ? old : fresh);
    return routes;
  }

  private long version(Long tenantId) {
    List<?> found =
        em.createNativeQuery("SELECT ROUTING_VERSION FROM WH_TENANT WHERE ID = ?")
            .setParameter(1, tenantId)
            .getResultList();
    // A tenant without a row has no subscriptions; -1 is never a stored version.
    return found.isEmpty() ? -1 : ((Number) found.get(0)).longValue();
  }

  private List<Route> load(Long tenantId) {
    return em
        .createNamedQuery("Endpoint.routedOfTenant", Endpoint.class)
        .setParameter("tenantId", tenantId)
        .setParameter("kinds", ROUTED_KINDS)
        .setParameter("deleted", EndpointState.DELETED)
        .getResultList()
        .stream()
        .map(e -> new Route(e.id(), e.kind(), e.ordering(), Views.routing(e), styles.of(e.kind())))
        .toList();
  }
}
