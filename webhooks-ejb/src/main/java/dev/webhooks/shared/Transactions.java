package dev.webhooks.shared;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.function.Supplier;

/**
 * One transaction begun and committed where it is written, for beans that manage their own (batch
 * jobs: one short transaction per batch, each visible in the loop that makes it).
 */
public final class Transactions {
  private Transactions() {}

  /** Runs {@code work} in a new transaction: committed if it returns, rolled back if it throws. */
  public static <T> T inOne(UserTransaction tx, Supplier<T> work) {
    try {
      tx.begin();
    } catch (Exception e) {
      throw new IllegalStateException("could not begin a transaction: " + e.getMessage(), e);
    }
    T result;
    try {
      result = work.get();
    } catch (Throwable e) {
      rollback(tx);
      throw e;
    }
    try {
      tx.commit();
    } catch (Exception e) {
      rollback(tx);
      throw new IllegalStateException("the transaction did not commit: " + e.getMessage(), e);
    }
    return result;
  }

  private static void rollback(UserTransaction tx) {
    try {
      if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
        tx.rollback();
      }
    } catch (SystemException | IllegalStateException | SecurityException e) {
      // The first failure is the one reported.
    }
  }
}
