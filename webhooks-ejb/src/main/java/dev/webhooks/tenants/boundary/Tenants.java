package dev.webhooks.tenants.boundary;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Cursors;
import dev.webhooks.shared.Settings;
import dev.webhooks.tenants.entity.ApiKey;
import dev.webhooks.tenants.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Tenants and their API keys. Keys are shown once and stored as SHA-256 hashes. */
@Stateless
public class Tenants {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration CACHE_FOR = Duration.ofSeconds(30);
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  /**
   * Recently seen key hashes, each kept {@link #CACHE_FOR} and bounded in number; revocation
   * removes its entry at once. In a cluster (PostgreSQL) another member may have revoked the key,
   * so each use of a cached key is checked against its row by primary key: a revocation committed
   * on any member is effective at once on all (staleness: none).
   */
  private static final Cache<String, CachedKey> CACHE =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(CACHE_FOR).build();

  private record CachedKey(Caller caller, Long keyRowId) {}

  @PersistenceContext EntityManager em;
  @Inject Settings settings;

  /** A tenant together with its first key, which is shown only now. */
  public record NewTenant(Tenant tenant, String apiKey) {}

  /** A key as it is shown once, with its record. */
  public record NewKey(ApiKey key, String plaintext) {}

  private static final AtomicReference<Caller> BOOTSTRAP_CALLER = new AtomicReference<>();

  public Tenant defaultTenant() {
    List<Tenant> found = em.createNamedQuery("Tenant.default", Tenant.class).getResultList();
    if (!found.isEmpty()) {
      return found.get(0);
    }
    Tenant t = Tenant.defaultTenant();
    em.persist(t);
    return t;
  }

  public Optional<Caller> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isBlank()) {
      return Optional.empty();
    }
    String hash = sha256(presentedKey.trim());
    Optional<String> bootstrap = settings.bootstrapApiKey();
    if (bootstrap.isPresent()
        && MessageDigest.isEqual(
            hash.getBytes(StandardCharsets.US_ASCII),
            sha256(bootstrap.get()).getBytes(StandardCharsets.US_ASCII))) {
      // The default tenant never changes once created: no query per request.
      Caller known = BOOTSTRAP_CALLER.get();
      if (known == null) {
        Tenant t = defaultTenant();
        known = new Caller(t.id(), t.publicId(), true, null);
        BOOTSTRAP_CALLER.set(known);
      }
      return Optional.of(known);
    }
    Instant now = Instant.now();
    CachedKey cached = CACHE.getIfPresent(hash);
    if (cached != null && (!settings.postgresql() || stillValid(cached.keyRowId()))) {
      return Optional.of(cached.caller());
    }
    List<ApiKey> keys =
        em.createNamedQuery("ApiKey.byHash", ApiKey.class)
            .setParameter("hash", hash)
            .getResultList();
    if (keys.isEmpty()) {
      CACHE.invalidate(hash);
      return Optional.empty();
    }
    ApiKey key = keys.get(0);
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
      key.usedAt(now);
    }
    Tenant t = em.find(Tenant.class, key.tenantId());
    Caller caller = new Caller(t.id(), t.publicId(), false, key.publicId());
    CACHE.put(hash, new CachedKey(caller, key.id()));
    return Optional.of(caller);
  }

  private boolean stillValid(Long keyRowId) {
    return em.createNamedQuery("ApiKey.validById", Long.class)
            .setParameter("id", keyRowId)
            .getSingleResult()
        > 0;
  }

  public NewTenant create(String name) {
    Tenant t = new Tenant(name);
    em.persist(t);
    em.flush();
    NewKey key = issueKey(t.id());
    return new NewTenant(t, key.plaintext());
  }

  /** A page of tenants and the cursor of the next one (null at the end). */
  public record Page(List<Tenant> items, String nextCursor) {}

  /** Every tenant, by id, a page at a time. */
  public Page page(String cursor, int limit) {
    List<Tenant> rows =
        em.createQuery("SELECT t FROM Tenant t WHERE t.id > :after ORDER BY t.id", Tenant.class)
            .setParameter("after", Cursors.decode(cursor))
            .setMaxResults(limit + 1)
            .getResultList();
    if (rows.size() > limit) {
      List<Tenant> items = List.copyOf(rows.subList(0, limit));
      return new Page(items, Cursors.encode(items.get(limit - 1).id()));
    }
    return new Page(rows, null);
  }

  public Tenant find(String publicId) {
    return em.createNamedQuery("Tenant.byPublicId", Tenant.class)
        .setParameter("publicId", publicId)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> ApiFailure.notFound("tenant " + publicId));
  }

  public Tenant find(Long id) {
    return em.find(Tenant.class, id);
  }

  public NewKey issueKey(Long tenantId) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String plaintext = "whk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    ApiKey key = new ApiKey(tenantId, plaintext.substring(0, 12), sha256(plaintext));
    em.persist(key);
    return new NewKey(key, plaintext);
  }

  public List<ApiKey> keys(Long tenantId) {
    return em.createNamedQuery("ApiKey.ofTenant", ApiKey.class)
        .setParameter("tenantId", tenantId)
        .getResultList();
  }

  public void revoke(Long tenantId, String keyId) {
    ApiKey key =
        em.createNamedQuery("ApiKey.byPublicId", ApiKey.class)
            .setParameter("publicId", keyId)
            .setParameter("tenantId", tenantId)
            .getResultStream()
            .findFirst()
            .orElseThrow(() -> ApiFailure.notFound("key " + keyId));
    key.revoke();
    CACHE.asMap().values().removeIf(c -> keyId.equals(c.caller().keyId()));
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
