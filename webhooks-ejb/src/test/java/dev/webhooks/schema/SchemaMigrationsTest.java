package dev.webhooks.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

  @Test
  void derbyWithoutAUrlIsTheDefault() {
    assertEquals(Optional.empty(), SchemaMigrations.mismatch("derby", "", "Apache Derby"));
  }

  @Test
  void postgresqlWithItsUrlStarts() {
    assertEquals(
        Optional.empty(),
        SchemaMigrations.mismatch("postgresql", "jdbc:postgresql://db/webhooks", "PostgreSQL"));
  }

  @Test
  void aUrlOnDerbyRefusesToStartAndSaysWhatToSet() {
    String problem =
        SchemaMigrations.mismatch("derby", "jdbc:postgresql://db/webhooks", "Apache Derby")
            .orElseThrow();
    assertTrue(problem.contains("WEBHOOKS_DB=postgresql"), problem);
  }

  @Test
  void aDatabaseOtherThanTheConfiguredOneRefusesToStart() {
    assertTrue(SchemaMigrations.mismatch("derby", "", "PostgreSQL").isPresent());
    assertTrue(SchemaMigrations.mismatch("postgresql", "", "Apache Derby").isPresent());
    // A server that ran on Derby, started again with WEBHOOKS_DB=postgresql without --clean.
    assertTrue(
        SchemaMigrations.mismatch("postgresql", "jdbc:postgresql://db/webhooks", "Apache Derby")
            .orElseThrow()
            .contains("--clean"));
  }

  @Test
  void onPostgresqlTheSecretKeyMustBeSetForEveryMemberToOpenWhatAnotherSealed() {
    assertTrue(
        SchemaMigrations.unsharedKey(true, false).orElseThrow().contains("WEBHOOKS_SECRET_KEY"));
    assertEquals(Optional.empty(), SchemaMigrations.unsharedKey(true, true));
    assertEquals(Optional.empty(), SchemaMigrations.unsharedKey(false, false));
  }
}
