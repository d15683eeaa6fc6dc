package dev.webhooks.styles.intuned;

import dev.webhooks.spi.SecretsAtRest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The Intuned style's own sealed secrets, one {@link SecretsAtRest} per table. */
final class IntunedSecrets {
  private IntunedSecrets() {}

  static <T> List<Long> batch(
      EntityManager em,
      String jpql,
      Class<T> type,
      Function<T, Long> id,
      long after,
      int max,
      Consumer<T> reseal) {
    List<T> rows =
        em.createQuery(jpql, type).setParameter("after", after).setMaxResults(max).getResultList();
    rows.forEach(reseal);
    return rows.stream().map(id).toList();
  }

  /** Projects: the signing secret of their API runs' callbacks. */
  @ApplicationScoped
  public static class Projects implements SecretsAtRest {
    @PersistenceContext EntityManager em;

    @Override
    public List<Long> resealAfter(long after, int max, UnaryOperator<String> reseal) {
      return batch(
          em,
          "SELECT p FROM Project p WHERE p.id > :after ORDER BY p.id",
          Project.class,
          Project::id,
          after,
          max,
          p -> p.reseal(reseal));
    }
  }

  /** Jobs: their sink's header values are sealed inside the stored definition. */
  @ApplicationScoped
  public static class Jobs implements SecretsAtRest {
    @PersistenceContext EntityManager em;

    @Override
    public List<Long> resealAfter(long after, int max, UnaryOperator<String> reseal) {
      return batch(
          em,
          "SELECT j FROM Job j WHERE j.id > :after ORDER BY j.id",
          Job.class,
          Job::id,
          after,
          max,
          j -> j.definition(j.definition().mapSinkHeaders((name, value) -> reseal.apply(value))));
    }
  }

  /** Runs with a sink of their own: its header values are sealed inside the stored sink. */
  @ApplicationScoped
  public static class Runs implements SecretsAtRest {
    @PersistenceContext EntityManager em;

    @Override
    public List<Long> resealAfter(long after, int max, UnaryOperator<String> reseal) {
      return batch(
          em,
          "SELECT r FROM ApiRun r WHERE r.sink IS NOT NULL AND r.id > :after ORDER BY r.id",
          ApiRun.class,
          ApiRun::id,
          after,
          max,
          r -> r.sink(r.sink().mapHeaderValues(reseal)));
    }
  }
}
