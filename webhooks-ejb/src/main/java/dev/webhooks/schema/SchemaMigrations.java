package dev.webhooks.schema;

import dev.webhooks.shared.Keyring;
import dev.webhooks.shared.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Brings the database to the schema of this version at start: the change sets of {@code
 * db/changelog/webhooks.xml} that have not run yet run now, each recorded in {@code
 * DATABASECHANGELOG}; a lock table keeps two servers from migrating at once. Every other bean that
 * starts with the application depends on this one, so none touches the database before its schema
 * is current. A failed migration fails the start: the server never runs on a schema it does not
 * know.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {
  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());
  static final String CHANGELOG = "db/changelog/webhooks.xml";

  /** The platform's database, as a data source outside the server's transactions. */
  @Resource(lookup = "jdbc/webhooks-migrations")
  DataSource dataSource;

  /** For migrations that seal secrets written by earlier versions. */
  @Inject Keyring keyring;

  @Inject Settings settings;

  @PostConstruct
  void migrate() {
    try (Connection c = dataSource.getConnection()) {
      Database db =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      String product = c.getMetaData().getDatabaseProductName();
      mismatch(settings.database(), settings.databaseUrl(), product)
          .ifPresent(
              problem -> {
                throw new IllegalStateException(problem);
              });
      // No usage analytics sent anywhere (Liquibase OSS sends them unless told not to).
      Scope.child(
          Map.of(
              "liquibase.analytics.enabled",
              false,
              Scope.Attr.resourceAccessor.name(),
              new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader()),
              Scope.Attr.classLoader.name(),
              SchemaMigrations.class.getClassLoader(),
              Keyring.MIGRATION_SCOPE_KEY,
              keyring),
          () ->
              new CommandScope(UpdateCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                  .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                  .execute());
      if (!c.getAutoCommit()) {
        c.commit(); // what Liquibase read last
      }
      LOG.info("database schema is current (" + db.getDatabaseProductName() + ")");
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the database migrations failed: " + e.getMessage(), e);
    }
  }

  /**
   * Why the database this server reached is not the one its settings name, if it is not: Liberty's
   * configuration cannot choose the data source from {@code WEBHOOKS_DB_URL} alone, so a URL set
   * without {@code WEBHOOKS_DB=postgresql} would otherwise start a server quietly on Derby.
   */
  static java.util.Optional<String> mismatch(String configured, String url, String product) {
    boolean derby = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("derby");
    if (derby && !url.isEmpty()) {
      return java.util.Optional.of(
          "WEBHOOKS_DB_URL is set but this server's data source is embedded Derby: set"
              + " WEBHOOKS_DB=postgresql as well (README, \"A cluster on PostgreSQL\")");
    }
    if (derby && !"derby".equalsIgnoreCase(configured)) {
      return java.util.Optional.of(
          "WEBHOOKS_DB is " + configured + " but this server's data source is embedded Derby");
    }
    if (!derby && !"postgresql".equalsIgnoreCase(configured)) {
      return java.util.Optional.of(
          "this server's database is "
              + product
              + " but WEBHOOKS_DB is "
              + configured
              + ": set WEBHOOKS_DB=postgresql");
    }
    return java.util.Optional.empty();
  }
}
