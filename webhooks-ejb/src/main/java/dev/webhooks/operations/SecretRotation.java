package dev.webhooks.operations;

import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.shared.Keyring;
import dev.webhooks.styles.intuned.ApiRun;
import dev.webhooks.styles.intuned.IntunedRuns;
import dev.webhooks.styles.intuned.Job;
import dev.webhooks.styles.intuned.Project;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Re-encrypts every secret at rest with the current {@code WEBHOOKS_SECRET_KEY}, opening each with
 * the current or the previous key ({@code WEBHOOKS_SECRET_KEY_PREVIOUS}). Works in batches of short
 * transactions.
 */
@Stateless
public class SecretRotation {
  static final int BATCH = 200;

  @PersistenceContext EntityManager em;
  @Inject Keyring keyring;
  @Inject SecretRotation self;

  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public long reencryptAll() {
    long n = 0;
    long after = 0;
    while (true) {
      List<Long> ids = self.endpointIds(after);
      if (ids.isEmpty()) {
        break;
      }
      self.resealEndpoints(ids);
      n += ids.size();
      after = ids.get(ids.size() - 1);
    }
    n += self.resealProjects();
    n += self.resealJobs();
    after = 0;
    while (true) {
      List<Long> ids = self.runIdsWithSink(after);
      if (ids.isEmpty()) {
        break;
      }
      self.resealRuns(ids);
      n += ids.size();
      after = ids.get(ids.size() - 1);
    }
    return n;
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> endpointIds(long after) {
    return em.createQuery(
            "SELECT e.id FROM Endpoint e WHERE e.id > :after ORDER BY e.id", Long.class)
        .setParameter("after", after)
        .setMaxResults(BATCH)
        .getResultList();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void resealEndpoints(List<Long> ids) {
    for (Long id : ids) {
      em.find(Endpoint.class, id).reseal(keyring::reseal);
    }
  }

  /** Jobs: their sink's header values are sealed inside the stored definition. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int resealJobs() {
    List<Job> all = em.createQuery("SELECT j FROM Job j", Job.class).getResultList();
    all.forEach(j -> j.definition(IntunedRuns.resealDefinition(j.definition(), keyring::reseal)));
    return all.size();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> runIdsWithSink(long after) {
    return em.createQuery(
            "SELECT r.id FROM ApiRun r WHERE r.sink IS NOT NULL AND r.id > :after ORDER BY r.id",
            Long.class)
        .setParameter("after", after)
        .setMaxResults(BATCH)
        .getResultList();
  }

  /** Runs with a sink of their own: its header values are sealed inside the stored sink. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void resealRuns(List<Long> ids) {
    for (Long id : ids) {
      ApiRun r = em.find(ApiRun.class, id);
      r.sink(IntunedRuns.resealSink(r.sink(), keyring::reseal));
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int resealProjects() {
    List<Project> all = em.createQuery("SELECT p FROM Project p", Project.class).getResultList();
    all.forEach(p -> p.reseal(keyring::reseal));
    return all.size();
  }
}
