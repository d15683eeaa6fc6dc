package dev.webhooks.shared;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.function.Supplier;

/**
 * Derby resolves lock conflicts by picking a victim (deadlock) or giving up after a wait: such a
 * transaction is safe to run again. This helper recognises them and retries a unit of work a few
 * times.
 */
public final class Contention {
  private Contention() {}

  /** Whether the failure is a lock timeout or a deadlock (SQL state 40001 / 40XL1 / 40XL2). */
  public static boolean isLockConflict(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLTransactionRollbackException) {
        return true;
      }
      if (c instanceof SQLException s
          && s.getSQLState() != null
          && (s.getSQLState().equals("40001") || s.getSQLState().startsWith("40XL"))) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && (m.contains("deadlock") || m.contains("A lock could not be obtained"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code work} (its own transaction) again when it lost a lock conflict, up to {@code tries}
   * times.
   */
  public static <T> T retry(int tries, Supplier<T> work) {
    RuntimeException last = null;
    for (int i = 0; i < tries; i++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (!isLockConflict(e)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }
}
