package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
