package dev.webhooks.endpoints.boundary;

import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointHealth;
import dev.webhooks.endpoints.entity.EndpointState;
import dev.webhooks.endpoints.entity.Ordering;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Cursors;
import dev.webhooks.shared.JsonText;
import dev.webhooks.shared.Keyring;
import dev.webhooks.shared.Settings;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.EndpointKind;
import dev.webhooks.spi.HeaderRules;
import dev.webhooks.spi.WebhookSignature;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Subscriptions of every style: create, change, pause, enable, delete. Checks destinations, seals
 * secrets, and releases held deliveries when a subscription becomes deliverable again.
 */
@Stateless
public class Endpoints {
  public static final int DEFAULT_TIMEOUT_SECONDS = 15;

  @PersistenceContext EntityManager em;
  @Inject Keyring keyring;
  @Inject Destinations destinations;
  @Inject Event<EndpointChanged> changes;
  @Inject Settings settings;

  /** A page of subscriptions and the cursor of the next one (null at the end). */
  public record Page(List<Endpoint> items, String nextCursor) {}

  public Endpoint create(Long tenantId, EndpointKind kind, String publicId, EndpointDraft d) {
    Validation v = new Validation();
    destinations.check(tenantId, d.url(), "url", v);
    v.throwIfInvalid();
    int max = settings.maxEndpointsPerTenant();
    long have =
        em.createQuery(
                "SELECT COUNT(e) FROM Endpoint e WHERE e.tenantId = :t AND e.state <> :deleted",
                Long.class)
            .setParameter("t", tenantId)
            .setParameter("deleted", EndpointState.DELETED)
            .getSingleResult();
    if (have >= max) {
      // Two creates at the same moment may both pass: the limit is exceeded by at most the
      // requests in flight, never without bound.
      throw ApiFailure.overLimit(
          "url",
          "a tenant has at most "
              + max
              + " subscriptions of every kind (WEBHOOKS_MAX_ENDPOINTS_PER_TENANT); delete one"
              + " first");
    }
    String secret = WebhookSignature.newSecret();
    Endpoint e =
        new Endpoint(
            publicId != null ? publicId : UUID.randomUUID().toString(),
            tenantId,
            kind,
            d.url().trim(),
            keyring.seal(secret));
    e.timeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
    apply(e, d);
    em.persist(e); // the sequence gives the id here
    em.persist(new EndpointHealth(e.id()));
    return e;
  }

  /**
   * Changes what the draft sets; a URL is checked again. Becoming active releases held deliveries.
   */
  public Endpoint update(Endpoint e, EndpointDraft d) {
    if (d.url() != null) {
      Validation v = new Validation();
      destinations.check(e.tenantId(), d.url(), "url", v);
      v.throwIfInvalid();
      e.url(d.url().trim());
    }
    boolean wasDeliverable = e.isDeliverable();
    boolean wasOrdered = e.ordering() == Ordering.FIFO;
    apply(e, d);
    if (Boolean.TRUE.equals(d.active()) && e.state() == EndpointState.DISABLED) {
      e.state(EndpointState.ENABLED, null); // re-enabling a disabled subscription
    }
    e.touch();
    if (!wasDeliverable && e.isDeliverable()) {
      changes.fire(new EndpointChanged(e.id(), EndpointChanged.Change.DELIVERABLE_AGAIN));
    }
    if (wasOrdered && e.ordering() != Ordering.FIFO) {
      changes.fire(new EndpointChanged(e.id(), EndpointChanged.Change.UNORDERED));
    }
    return e;
  }

  private void apply(Endpoint e, EndpointDraft d) {
    if (d.description() != null) {
      e.description(d.description());
    }
    if (d.eventTypes() != null) {
      e.eventTypes(d.eventTypes());
    }
    if (d.headers() != null) {
      Validation v = new Validation();
      d.headers()
          .forEach(
              (name, value) -> {
                if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
                  v.add("headers." + name, "is not a valid header name");
                } else if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                  v.add("headers." + name, "must be a single-line value");
                } else {
                  HeaderRules.refusal(name).ifPresent(why -> v.add("headers." + name, why));
                }
              });
      v.throwIfInvalid();
      e.headersSealed(d.headers().isEmpty() ? null : keyring.seal(JsonText.write(d.headers())));
    }
    if (d.timeoutSeconds() != null) {
      e.timeoutSeconds(d.timeoutSeconds());
    }
    if (d.ordering() != null) {
      e.ordering(d.ordering());
    }
    if (d.retryPolicy() != null) {
      e.retryPolicy(d.retryPolicy());
    }
    if (d.active() != null) {
      e.active(d.active());
    }
    if (d.rateLimitPerSecond() != null) {
      e.rateLimitPerSecond(d.rateLimitPerSecond() <= 0 ? null : d.rateLimitPerSecond());
    }
    if (d.styleKey() != null) {
      e.styleKey(d.styleKey());
    }
    if (d.styleConfig() != null) {
      e.styleConfig(d.styleConfig());
    }
    if (d.styleSecrets() != null) {
      e.styleSecretsSealed(keyring.seal(d.styleSecrets()));
    }
  }

  public Endpoint change(Long tenantId, EndpointKind kind, String publicId, EndpointDraft d) {
    return update(find(tenantId, kind, publicId), d);
  }

  public void remove(Long tenantId, EndpointKind kind, String publicId) {
    delete(find(tenantId, kind, publicId));
  }

  public Endpoint pause(Long tenantId, EndpointKind kind, String publicId) {
    Endpoint e = find(tenantId, kind, publicId);
    pause(e);
    return e;
  }

  public Endpoint resume(Long tenantId, EndpointKind kind, String publicId) {
    Endpoint e = find(tenantId, kind, publicId);
    resume(e);
    return e;
  }

  public Endpoint find(Long tenantId, EndpointKind kind, String publicId) {
    return em.createNamedQuery("Endpoint.byPublicId", Endpoint.class)
        .setParameter("publicId", publicId)
        .setParameter("deleted", EndpointState.DELETED)
        .getResultStream()
        .filter(e -> e.tenantId().equals(tenantId) && e.kind() == kind)
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("endpoint " + publicId));
  }

  /**
   * Any of the tenant's subscriptions, whatever its style (for filters such as the attempt log's).
   */
  public Endpoint findAnyKind(Long tenantId, String publicId) {
    return em.createNamedQuery("Endpoint.byPublicId", Endpoint.class)
        .setParameter("publicId", publicId)
        .setParameter("deleted", EndpointState.DELETED)
        .getResultStream()
        .filter(e -> e.tenantId().equals(tenantId))
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("endpoint " + publicId));
  }

  public Endpoint findByStyleKey(Long tenantId, EndpointKind kind, String key) {
    return em.createNamedQuery("Endpoint.byStyleKey", Endpoint.class)
        .setParameter("tenantId", tenantId)
        .setParameter("kind", kind)
        .setParameter("key", key)
        .setParameter("deleted", EndpointState.DELETED)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  public Page page(Long tenantId, EndpointKind kind, String cursor, int limit) {
    long after = Cursors.decode(cursor);
    List<Endpoint> rows =
        em.createNamedQuery("Endpoint.pageOfTenant", Endpoint.class)
            .setParameter("tenantId", tenantId)
            .setParameter("kind", kind)
            .setParameter("deleted", EndpointState.DELETED)
            .setParameter("after", after)
            .setMaxResults(limit + 1)
            .getResultList();
    if (rows.size() > limit) {
      List<Endpoint> items = rows.subList(0, limit);
      return new Page(List.copyOf(items), Cursors.encode(items.get(limit - 1).id()));
    }
    return new Page(rows, null);
  }

  /**
   * Soft delete: the subscription disappears, its open deliveries are cancelled, its attempt log
   * stays.
   */
  public void delete(Endpoint e) {
    e.state(EndpointState.DELETED, "deleted");
    e.touch();
    changes.fire(new EndpointChanged(e.id(), EndpointChanged.Change.DELETED));
  }

  /**
   * Replaces the signing secret; until {@code grace} has passed, deliveries carry signatures with
   * both the new and the old secret.
   */
  public String rotateSecret(Long tenantId, EndpointKind kind, String publicId, Duration grace) {
    Endpoint e = find(tenantId, kind, publicId);
    String secret = WebhookSignature.newSecret();
    e.rotateSecret(keyring.seal(secret), Instant.now().plus(grace));
    e.touch();
    return secret;
  }

  /** Attempts, outcomes and latency of an endpoint over the last 24 hours. */
  public record Stats(
      long attempts,
      long successes,
      long failures,
      Instant lastSuccessAt,
      Instant failingSince,
      Long p50Ms,
      Long p99Ms) {}

  public Stats stats(Long tenantId, EndpointKind kind, String publicId) {
    Endpoint e = find(tenantId, kind, publicId);
    EndpointHealth health = health(e);
    Instant since = Instant.now().minus(Duration.ofHours(24));
    long attempts = countAttempts(e, since, null);
    long successes = countAttempts(e, since, true);
    return new Stats(
        attempts,
        successes,
        attempts - successes,
        health.lastSuccessAt(),
        health.failingSince(),
        percentile(e, since, attempts, 0.50),
        percentile(e, since, attempts, 0.99));
  }

  /** The endpoint's health row (one with nothing recorded if it is missing). */
  private EndpointHealth health(Endpoint e) {
    EndpointHealth h = em.find(EndpointHealth.class, e.id());
    return h != null ? h : new EndpointHealth(e.id());
  }

  private long countAttempts(Endpoint e, Instant since, Boolean succeeded) {
    String jpql =
        "SELECT COUNT(a) FROM DeliveryAttempt a WHERE a.endpointId = :ep AND a.startedAt >= :since"
            + (succeeded == null ? "" : " AND a.succeeded = :ok");
    var q =
        em.createQuery(jpql, Long.class).setParameter("ep", e.id()).setParameter("since", since);
    if (succeeded != null) {
      q.setParameter("ok", succeeded);
    }
    return q.getSingleResult();
  }

  /**
   * The duration at the given rank, read by the database from an ordered index range, not loaded
   * whole.
   */
  private Long percentile(Endpoint e, Instant since, long count, double p) {
    if (count == 0) {
      return null;
    }
    int rank = (int) Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1));
    return em.createQuery(
            "SELECT a.durationMs FROM DeliveryAttempt a WHERE a.endpointId = :ep AND a.startedAt >= :since"
                + " ORDER BY a.durationMs",
            Long.class)
        .setParameter("ep", e.id())
        .setParameter("since", since)
        .setFirstResult(rank)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  public String signingSecret(Endpoint e) {
    return keyring.open(e.secretSealed());
  }

  public void pause(Endpoint e) {
    if (e.state() == EndpointState.ENABLED) {
      e.state(EndpointState.PAUSED, "paused by the operator");
      e.touch();
    }
  }

  public void resume(Endpoint e) {
    if (e.state() == EndpointState.PAUSED || e.state() == EndpointState.DISABLED) {
      e.state(EndpointState.ENABLED, null);
      e.touch();
      if (e.isDeliverable()) {
        changes.fire(new EndpointChanged(e.id(), EndpointChanged.Change.DELIVERABLE_AGAIN));
      }
    }
  }
}
