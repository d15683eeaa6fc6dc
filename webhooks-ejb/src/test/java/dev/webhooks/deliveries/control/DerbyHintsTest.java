package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DerbyHintsTest {
  @Test
  void aTableIsReadThroughTheNamedConstraintAndTheStatementGoesOnOnTheNextLine() {
    assertEquals(
        "WH_DELIVERY --DERBY-PROPERTIES constraint=PK_WH_DELIVERY\n",
        DerbyHints.through("WH_DELIVERY", "PK_WH_DELIVERY"));
    assertEquals(
        "WH_DELIVERY --DERBY-PROPERTIES constraint=SQL251204053012340\n",
        DerbyHints.through("WH_DELIVERY", "SQL251204053012340"));
  }

  @Test
  void aNameThatIsNotAnOrdinaryIdentifierIsNeverPutInAStatement() {
    assertNull(DerbyHints.through("WH_DELIVERY", null));
    assertNull(DerbyHints.through("WH_DELIVERY", ""));
    assertNull(DerbyHints.through("WH_DELIVERY", "SQL0000-1234"));
    assertNull(DerbyHints.through("WH_DELIVERY", "PK\nWHERE 1=1"));
    assertNull(DerbyHints.through("WH_DELIVERY", "PK; DROP TABLE WH_DELIVERY"));
    assertNull(DerbyHints.through("WH_DELIVERY", "X".repeat(200)));
  }

  /**
   * The reason for the hint, on a real (in-memory) Derby: an id list read planned while the table
   * is nearly empty is a whole-table scan, and that plan is kept as the table grows; the hinted
   * read is planned through the primary key whatever the table's size. The catalog query finds the
   * key's name.
   */
  @Test
  void anIdListReadPlannedOnANearlyEmptyTableScansItUnlessHinted() throws SQLException {
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:derby:memory:hints" + System.nanoTime() + ";create=true")) {
      Statement s = c.createStatement();
      s.execute(
          "CREATE TABLE WH_DELIVERY (ID BIGINT NOT NULL, STATUS VARCHAR(16),"
              + " CONSTRAINT PK_WH_DELIVERY PRIMARY KEY (ID))");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO WH_DELIVERY VALUES (?, 'Q')")) {
        for (int i = 0; i < 300; i++) {
          ins.setLong(1, i);
          ins.executeUpdate();
        }
      }
      String name;
      try (PreparedStatement q = c.prepareStatement(DerbyHints.PRIMARY_KEY_NAME_SQL)) {
        q.setString(1, "WH_DELIVERY");
        try (ResultSet rs = q.executeQuery()) {
          assertTrue(rs.next());
          name = rs.getString(1).trim();
        }
      }
      assertEquals("PK_WH_DELIVERY", name);
      String ids = "?" + ",?".repeat(255);
      s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
      String plain = plan(c, "SELECT * FROM WH_DELIVERY WHERE ID IN (" + ids + ")");
      assertTrue(plain.contains("Table Scan"), "Derby's own plan on a small table: " + plain);
      String hinted =
          plan(
              c,
              "SELECT * FROM "
                  + DerbyHints.through("WH_DELIVERY", name)
                  + " WHERE ID IN ("
                  + ids
                  + ")");
      assertTrue(
          hinted.contains("using constraint PK_WH_DELIVERY") && !hinted.contains("Table Scan"),
          "the hinted plan: " + hinted);
    }
  }

  private static String plan(Connection c, String sql) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 1; i <= 256; i++) {
        p.setLong(i, i * 3L);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          // read it all, so the statistics are complete
        }
      }
    }
    try (ResultSet rs =
        c.createStatement().executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
