package dev.webhooks.operations;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers and the messaging engine accepts a connection. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Resource(lookup = "jdbc/webhooks")
  DataSource dataSource;

  @Resource(lookup = "jms/webhooks/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Override
  public HealthCheckResponse call() {
    boolean db;
    boolean messaging;
    try (Connection c = dataSource.getConnection()) {
      db = c.isValid(5);
    } catch (Exception e) {
      db = false;
    }
    try (JMSContext ctx = connectionFactory.createContext()) {
      ctx.createProducer();
      messaging = true;
    } catch (RuntimeException e) {
      messaging = false;
    }
    return HealthCheckResponse.named("webhooks")
        .status(db && messaging)
        .withData("database", db)
        .withData("messaging", messaging)
        .build();
  }
}
