package dev.webhooks.endpoints.control;

import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.spi.SecretsAtRest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.function.UnaryOperator;

/** Endpoints' secrets: signing secrets (current and previous), headers, style secrets. */
@ApplicationScoped
public class EndpointSecrets implements SecretsAtRest {
  @PersistenceContext EntityManager em;

  @Override
  public List<Long> resealAfter(long after, int max, UnaryOperator<String> reseal) {
    List<Endpoint> batch =
        em.createQuery("SELECT e FROM Endpoint e WHERE e.id > :after ORDER BY e.id", Endpoint.class)
            .setParameter("after", after)
            .setMaxResults(max)
            .getResultList();
    batch.forEach(e -> e.reseal(reseal));
    return batch.stream().map(Endpoint::id).toList();
  }
}
