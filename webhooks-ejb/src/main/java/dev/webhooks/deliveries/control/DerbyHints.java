package dev.webhooks.deliveries.control;

import java.util.regex.Pattern;

/**
 * Derby's optimizer overrides, for statements whose plan must not depend on how big a table was
 * when Derby first planned them: {@code --DERBY-PROPERTIES constraint=<name>} after a table makes
 * Derby read it through the index of that primary key or unique constraint. The comment runs to the
 * line's end, so the statement goes on on the next line. Derby allows overrides in SELECT only.
 */
final class DerbyHints {
  private DerbyHints() {}

  /** The name of a table's primary key constraint in the current schema; parameter 1 the table. */
  static final String PRIMARY_KEY_NAME_SQL =
      "SELECT c.CONSTRAINTNAME FROM SYS.SYSCONSTRAINTS c, SYS.SYSTABLES t, SYS.SYSSCHEMAS s"
          + " WHERE c.TABLEID = t.TABLEID AND t.SCHEMAID = s.SCHEMAID AND c.TYPE = 'P'"
          + " AND t.TABLENAME = ? AND s.SCHEMANAME = CURRENT SCHEMA";

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

  /**
   * {@code table} read through the index of {@code constraint}, for a FROM clause; the line ends
   * after it. Null when the name is not an ordinary identifier (it is never put in a statement
   * then).
   */
  static String through(String table, String constraint) {
    if (constraint == null || !PLAIN_NAME.matcher(constraint).matches()) {
      return null;
    }
    return table + " --DERBY-PROPERTIES constraint=" + constraint + "\n";
  }
}
