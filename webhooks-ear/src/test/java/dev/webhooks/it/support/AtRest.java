package dev.webhooks.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Independent oracles for what the server stores: plain JCA AES/GCM with the server's key (the
 * generated key file, or the key its server.env names), and SHA-256 as the JDK computes it. They
 * share no code with the server, so a server that stored base64 or a reversible encoding would fail
 * them.
 */
public final class AtRest {
  private AtRest() {}

  /** The keys the test server may be using, newest first. */
  static List<byte[]> keys() throws Exception {
    Path dir = Path.of(System.getProperty("it.serverDir"));
    List<byte[]> keys = new ArrayList<>();
    Path env = dir.resolve("server.env");
    if (Files.exists(env)) {
      for (String line : Files.readAllLines(env)) {
        if (line.startsWith("WEBHOOKS_SECRET_KEY=")
            || line.startsWith("WEBHOOKS_SECRET_KEY_PREVIOUS=")) {
          keys.add(Base64.getDecoder().decode(line.substring(line.indexOf('=') + 1).trim()));
        }
      }
    }
    Path file = dir.resolve("webhooks-secret.key");
    if (Files.exists(file)) {
      keys.add(Base64.getDecoder().decode(Files.readString(file).trim()));
    }
    return keys;
  }

  /**
   * The plaintext of a value stored as {@code v1:} + base64(12-byte nonce, ciphertext, 128-bit tag)
   * under one of the server's keys, or empty if it is not such a value.
   */
  public static Optional<String> open(String stored) throws Exception {
    for (byte[] key : keys()) {
      Optional<String> opened = openWith(stored, key);
      if (opened.isPresent()) {
        return opened;
      }
    }
    return Optional.empty();
  }

  /** The plaintext of a sealed value under this one key, or empty if it does not open with it. */
  public static Optional<String> openWith(String stored, byte[] key) {
    if (stored == null || !stored.startsWith("v1:")) {
      return Optional.empty();
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(stored.substring(3));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (all.length < 12 + 16) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, all, 0, 12));
      return Optional.of(new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static final Pattern SEALED = Pattern.compile("v1:[A-Za-z0-9+/]+=*");

  /**
   * Every sealed value in a table dump: whole cells, and values sealed one by one inside a JSON
   * cell (an Intuned sink's header values).
   */
  public static List<String> sealedValues(String dump) {
    List<String> out = new ArrayList<>();
    Matcher m = SEALED.matcher(dump);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Every value of a table dump (tab-separated) that opens, as plaintext. */
  public static List<String> openAll(String dump) throws Exception {
    List<String> out = new ArrayList<>();
    for (String sealed : sealedValues(dump)) {
      open(sealed).ifPresent(out::add);
    }
    return out;
  }

  public static String sha256Hex(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
