package dev.webhooks.styles.portant;

import dev.webhooks.shared.Validation;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Portant's event types, id formats and item checks. */
public final class PortantEvents {
  public static final String DOCUMENTS_CREATED = "DOCUMENTS_CREATED";
  public static final String EMAILS_CREATED = "EMAILS_CREATED";
  public static final String SIGNATURES_REQUESTED = "SIGNATURES_REQUESTED";
  public static final String SIGNATURES_COMPLETED = "SIGNATURES_COMPLETED";
  public static final Set<String> TYPES =
      Set.of(DOCUMENTS_CREATED, EMAILS_CREATED, SIGNATURES_REQUESTED, SIGNATURES_COMPLETED);
  static final Set<String> MIMETYPES =
      Set.of(
          "application/vnd.google-apps.document",
          "application/vnd.google-apps.presentation",
          "application/pdf");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private PortantEvents() {}

  /** A workflow id: 1-64 characters of letters, digits, '_' and '-'. */
  public static boolean isWorkflowId(String id) {
    return id != null && id.matches("[A-Za-z0-9_-]{1,64}");
  }

  /** {@code owc_} followed by 14 random letters and digits, as in the seed's sample. */
  public static String newWebhookId() {
    StringBuilder b = new StringBuilder("owc_");
    for (int i = 0; i < 14; i++) {
      b.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return b.toString();
  }

  /** 48 lowercase hex digits. */
  public static String newEventId() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Checks the items of an automation event of {@code eventType}, each reported as {@code
   * items[i]}: a DOCUMENTS_CREATED item must list its documents.
   */
  public static void checkItems(String eventType, List<JsonObject> items, Validation v) {
    for (int i = 0; i < items.size(); i++) {
      checkItem(eventType, items.get(i), "items[" + i + "]", v);
    }
  }

  /** Checks one item of an automation event, reporting under {@code field}. */
  public static void checkItem(String eventType, JsonObject item, String field, Validation v) {
    if (!DOCUMENTS_CREATED.equals(eventType)) {
      return;
    }
    if (!(item.get("documents") instanceof JsonArray docs) || docs.isEmpty()) {
      v.add(field + ".documents", "must be a non-empty array of {id, url, name, mimetype}");
      return;
    }
    for (int i = 0; i < docs.size(); i++) {
      String f = field + ".documents[" + i + "]";
      if (!(docs.get(i) instanceof JsonObject d)) {
        v.add(f, "must be an object");
        continue;
      }
      for (String key : new String[] {"id", "url", "name", "mimetype"}) {
        if (!(d.get(key) instanceof JsonString s) || s.getString().isBlank()) {
          v.add(f + "." + key, "is required and must be a string");
        }
      }
      if (d.get("mimetype") instanceof JsonString m && !MIMETYPES.contains(m.getString())) {
        v.add(f + ".mimetype", "must be one of " + MIMETYPES);
      }
    }
  }
}
