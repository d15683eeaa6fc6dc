package dev.webhooks.shared;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: the last row's id, base64url-encoded. */
public final class Cursors {
  private Cursors() {}

  public static String encode(long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("c" + lastId).getBytes(StandardCharsets.US_ASCII));
  }

  public static long decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0L;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (!s.startsWith("c")) {
        throw new IllegalArgumentException();
      }
      return Long.parseLong(s.substring(1));
    } catch (IllegalArgumentException e) {
      throw ApiFailure.invalid("cursor", "is not a cursor this API returned");
    }
  }
}
