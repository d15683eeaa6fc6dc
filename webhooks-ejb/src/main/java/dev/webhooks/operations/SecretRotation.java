package dev.webhooks.operations;

import dev.webhooks.shared.Keyring;
import dev.webhooks.shared.Transactions;
import dev.webhooks.spi.SecretsAtRest;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;

/**
 * Re-encrypts every secret at rest with the current {@code WEBHOOKS_SECRET_KEY}, opening each with
 * the current or the previous key ({@code WEBHOOKS_SECRET_KEY_PREVIOUS}): every {@link
 * SecretsAtRest} table (the engine's endpoints and each style's own), one short transaction per
 * batch of {@value #BATCH} rows, begun and committed here.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class SecretRotation {
  static final int BATCH = 200;

  @Inject Keyring keyring;
  @Inject @Any Instance<SecretsAtRest> tables;
  @Resource UserTransaction tx;

  /** Returns how many rows were resealed. */
  public long reencryptAll() {
    long n = 0;
    for (SecretsAtRest table : tables) {
      long after = 0;
      List<Long> ids;
      while (!(ids = batch(table, after)).isEmpty()) {
        n += ids.size();
        after = ids.get(ids.size() - 1);
      }
    }
    return n;
  }

  private List<Long> batch(SecretsAtRest table, long after) {
    return Transactions.inOne(tx, () -> table.resealAfter(after, BATCH, keyring::reseal));
  }
}
