package dev.webhooks.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Holds the key that encrypts secrets at rest: {@code WEBHOOKS_SECRET_KEY} (base64 of 32 bytes), or
 * a key generated on first start into the server's output directory with owner-only permissions.
 */
@ApplicationScoped
public class Keyring {
  /** Under this key, migrations that seal values find the keyring in Liquibase's scope. */
  public static final String MIGRATION_SCOPE_KEY = "webhooks.keyring";

  private static final Logger LOG = Logger.getLogger(Keyring.class.getName());
  static final String KEY_FILE = "webhooks-secret.key";

  @Inject Settings settings;

  private SecretBox box;
  private SecretBox previous;

  @PostConstruct
  void load() {
    byte[] key =
        settings
            .secretKey()
            .map(b64 -> Base64.getDecoder().decode(b64))
            .orElseGet(this::generatedKey);
    box = new SecretBox(key);
    previous =
        settings
            .previousSecretKey()
            .map(b64 -> new SecretBox(Base64.getDecoder().decode(b64)))
            .orElse(null);
  }

  private byte[] generatedKey() {
    // Liberty runs with the server's output directory as its working directory.
    Path file = Path.of(KEY_FILE).toAbsolutePath();
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).trim());
      }
      byte[] key = SecretBox.newKey();
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        LOG.warning("cannot restrict permissions of " + file);
      }
      LOG.warning(
          "WEBHOOKS_SECRET_KEY is not set: generated an encryption key for secrets at rest in "
              + file
              + ". Back it up, or set WEBHOOKS_SECRET_KEY for production.");
      return key;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or write " + file, e);
    }
  }

  public String seal(String plaintext) {
    return box.seal(plaintext);
  }

  /**
   * Opened secrets by their sealed text, so that sending does not decrypt the same endpoint secret
   * for every batch. A sealed text only ever opens to one value; re-sealing (rotation) makes a new
   * text. Bounded in size, and kept an hour at most after its last use.
   */
  private final Cache<String, String> opened =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();

  public String open(String sealed) {
    return opened.get(sealed, this::openUncached);
  }

  private String openUncached(String sealed) {
    try {
      return box.open(sealed);
    } catch (IllegalStateException e) {
      if (previous == null) {
        throw e;
      }
      return previous.open(sealed);
    }
  }

  /** Opens with the current or the previous key and seals with the current one (key rotation). */
  public String reseal(String sealed) {
    return sealed == null ? null : seal(open(sealed));
  }
}
