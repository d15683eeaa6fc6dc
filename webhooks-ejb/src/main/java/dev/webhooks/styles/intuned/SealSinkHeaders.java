package dev.webhooks.styles.intuned;

import dev.webhooks.shared.Keyring;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import liquibase.Scope;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * Migration 002: seals the header values of Intuned sinks (Job definitions, Runs) that the version
 * before migrations stored in plain text. A value that already opens with the server's key is left
 * as it is, so the change is safe on any database. Liquibase runs it once; the key comes from the
 * {@link Keyring} that {@code SchemaMigrations} puts in the migration's scope under {@link
 * Keyring#MIGRATION_SCOPE_KEY}.
 */
public class SealSinkHeaders implements CustomTaskChange {
  private int sealed;

  @Override
  public void execute(Database database) throws CustomChangeException {
    Keyring keyring = Scope.getCurrentScope().get(Keyring.MIGRATION_SCOPE_KEY, Keyring.class);
    if (keyring == null) {
      throw new CustomChangeException("no keyring in the migration's scope");
    }
    UnaryOperator<String> seal =
        value -> {
          try {
            keyring.open(value);
            return value; // sealed already
          } catch (RuntimeException notSealed) {
            return keyring.seal(value);
          }
        };
    Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    try {
      sealed +=
          rewrite(
              c,
              "SELECT ID, DEFINITION FROM WH_INTUNED_JOB",
              "UPDATE WH_INTUNED_JOB SET DEFINITION = ? WHERE ID = ?",
              text -> IntunedRuns.resealDefinition(text, seal));
      sealed +=
          rewrite(
              c,
              "SELECT ID, SINK FROM WH_INTUNED_API_RUN WHERE SINK IS NOT NULL",
              "UPDATE WH_INTUNED_API_RUN SET SINK = ? WHERE ID = ?",
              text -> IntunedRuns.resealSink(text, seal));
    } catch (Exception e) {
      throw new CustomChangeException("sealing Intuned sink headers failed: " + e.getMessage(), e);
    }
  }

  private static int rewrite(
      Connection c, String select, String update, UnaryOperator<String> change) throws Exception {
    int n = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select);
        PreparedStatement u = c.prepareStatement(update)) {
      while (rs.next()) {
        String before = rs.getString(2);
        String after = change.apply(before);
        if (!after.equals(before)) {
          u.setString(1, after);
          u.setLong(2, rs.getLong(1));
          u.addBatch();
          n++;
        }
      }
      if (n > 0) {
        u.executeBatch();
      }
    }
    return n;
  }

  @Override
  public String getConfirmationMessage() {
    return "sealed the sink headers of " + sealed + " Intuned jobs and runs";
  }

  @Override
  public void setUp() {}

  @Override
  public void setFileOpener(ResourceAccessor resourceAccessor) {}

  @Override
  public ValidationErrors validate(Database database) {
    return new ValidationErrors();
  }
}
