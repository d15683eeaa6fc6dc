package dev.webhooks.endpoints.boundary;

import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointHealth;
import dev.webhooks.endpoints.entity.EndpointState;
import dev.webhooks.shared.Cursors;
import dev.webhooks.shared.Settings;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator watches: every style's subscriptions with their health and recent outcomes, and
 * per-minute series of an endpoint's attempts. Every read is bounded: a page of endpoints, at most
 * {@value #LATENCY_SAMPLE} durations per endpoint for its percentiles, at most 24 hours (1,440
 * rows) of series, each counted by the database from the attempt log's (endpoint, time) index.
 */
@Stateless
public class EndpointMonitor {
  /** The most durations read for one endpoint's percentiles: the most recent ones in the window. */
  static final int LATENCY_SAMPLE = 2_000;

  /** The longest series an endpoint's chart may ask for. */
  public static final int MAX_SERIES_HOURS = 24;

  @PersistenceContext EntityManager em;
  @Inject Settings settings;

  /** Attempts, outcomes and latency over a window; percentiles null when there were none. */
  public record Window(long attempts, long successes, Long p50Ms, Long p99Ms) {
    public long failures() {
      return attempts - successes;
    }

    /** Successes over attempts, null without attempts. */
    public Double successRate() {
      return attempts == 0 ? null : (double) successes / attempts;
    }
  }

  /** A subscription of any style with its health row and its window. */
  public record Overview(Endpoint endpoint, EndpointHealth health, Window window) {}

  /** One minute of an endpoint's attempts: outcomes, mean and slowest duration. */
  public record Minute(Instant at, long succeeded, long failed, long avgMs, long maxMs) {}

  /** A page of the tenant's subscriptions of every style, by id. */
  public Endpoints.Page page(Long tenantId, String cursor, int limit) {
    List<Endpoint> rows =
        em.createQuery(
                "SELECT e FROM Endpoint e WHERE e.tenantId = :tenantId AND e.state <> :deleted"
                    + " AND e.id > :after ORDER BY e.id",
                Endpoint.class)
            .setParameter("tenantId", tenantId)
            .setParameter("deleted", EndpointState.DELETED)
            .setParameter("after", Cursors.decode(cursor))
            .setMaxResults(limit + 1)
            .getResultList();
    if (rows.size() > limit) {
      List<Endpoint> items = List.copyOf(rows.subList(0, limit));
      return new Endpoints.Page(items, Cursors.encode(items.get(limit - 1).id()));
    }
    return new Endpoints.Page(rows, null);
  }

  /** Each endpoint with its health and its attempts since {@code since}, in the given order. */
  public List<Overview> overview(List<Endpoint> endpoints, Instant since, Instant now) {
    if (endpoints.isEmpty()) {
      return List.of();
    }
    List<Long> ids = endpoints.stream().map(Endpoint::id).toList();
    Map<Long, long[]> counts = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT a.endpointId, COUNT(a), SUM(CASE WHEN a.succeeded = TRUE THEN 1 ELSE 0 END)"
                    + " FROM DeliveryAttempt a WHERE a.endpointId IN :ids AND a.startedAt >= :since"
                    + " GROUP BY a.endpointId",
                Object[].class)
            .setParameter("ids", ids)
            .setParameter("since", since)
            .getResultList()) {
      counts.put(
          ((Number) row[0]).longValue(),
          new long[] {((Number) row[1]).longValue(), ((Number) row[2]).longValue()});
    }
    Map<Long, EndpointHealth> health = new HashMap<>();
    for (EndpointHealth h :
        em.createQuery(
                "SELECT h FROM EndpointHealth h WHERE h.endpointId IN :ids", EndpointHealth.class)
            .setParameter("ids", ids)
            .getResultList()) {
      health.put(h.endpointId(), h);
    }
    List<Overview> out = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      long[] c = counts.getOrDefault(e.id(), new long[2]);
      Long[] p = c[0] == 0 ? new Long[2] : percentiles(e.id(), since, now, c[0]);
      out.add(
          new Overview(
              e,
              health.getOrDefault(e.id(), new EndpointHealth(e.id())),
              new Window(c[0], c[1], p[0], p[1])));
    }
    return out;
  }

  /**
   * p50 and p99 of the endpoint's most recent attempts in the window. With more than {@link
   * #LATENCY_SAMPLE} attempts, the window is narrowed in proportion to its end, so about that many
   * of the latest are read (from the index range, in time order) and sorted here.
   */
  private Long[] percentiles(Long endpointId, Instant since, Instant now, long count) {
    Instant from = since;
    if (count > LATENCY_SAMPLE) {
      long windowMs = Duration.between(since, now).toMillis();
      from = now.minusMillis(Math.max(1, windowMs * LATENCY_SAMPLE / count));
    }
    List<Long> durations =
        em.createQuery(
                "SELECT a.durationMs FROM DeliveryAttempt a WHERE a.endpointId = :ep"
                    + " AND a.startedAt >= :from ORDER BY a.startedAt",
                Long.class)
            .setParameter("ep", endpointId)
            .setParameter("from", from)
            .setMaxResults(LATENCY_SAMPLE)
            .getResultList();
    if (durations.isEmpty()) {
      return new Long[2];
    }
    long[] sorted = durations.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Long[] {rank(sorted, 0.50), rank(sorted, 0.99)};
  }

  /** The nearest-rank percentile of a sorted, non-empty array. */
  static long rank(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[i];
  }

  /**
   * The endpoint's attempts per minute from {@code from} (taken down to its minute) to {@code to}:
   * only minutes that had attempts. Counted by the database, one row per minute.
   */
  public List<Minute> series(Endpoint e, Instant from, Instant to) {
    Instant start = from.truncatedTo(ChronoUnit.MINUTES);
    // The two dialects (the migrations store SUCCEEDED as BOOLEAN on PostgreSQL, SMALLINT on
    // Derby).
    String minute =
        settings.postgresql()
            ? "CAST(FLOOR(EXTRACT(EPOCH FROM (STARTED_AT - CAST(? AS TIMESTAMP))) / 60) AS BIGINT)"
            : "{fn TIMESTAMPDIFF(SQL_TSI_MINUTE, CAST(? AS TIMESTAMP), STARTED_AT)}";
    String succeeded = settings.postgresql() ? "SUCCEEDED" : "SUCCEEDED <> 0";
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT M, SUM(OK), COUNT(*), AVG(D), MAX(D) FROM (SELECT "
                    + minute
                    + " AS M, CASE WHEN "
                    + succeeded
                    + " THEN 1 ELSE 0 END AS OK, DURATION_MS AS D"
                    + " FROM WH_ATTEMPT WHERE ENDPOINT_ID = ? AND STARTED_AT >= ?"
                    + " AND STARTED_AT < ?) T GROUP BY M ORDER BY M")
            .setParameter(1, Timestamp.from(start))
            .setParameter(2, e.id())
            .setParameter(3, Timestamp.from(start))
            .setParameter(4, Timestamp.from(to))
            .getResultList();
    List<Minute> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      long m = ((Number) r[0]).longValue();
      long ok = ((Number) r[1]).longValue();
      long all = ((Number) r[2]).longValue();
      out.add(
          new Minute(
              start.plus(m, ChronoUnit.MINUTES),
              ok,
              all - ok,
              Math.round(((Number) r[3]).doubleValue()),
              ((Number) r[4]).longValue()));
    }
    return out;
  }
}
