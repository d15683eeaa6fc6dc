package dev.webhooks.styles.truto;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types a Truto webhook may subscribe to, exactly as Truto names them, and the form of
 * Truto's timestamps.
 */
public final class TrutoEvents {
  private static final java.time.format.DateTimeFormatter MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * A timestamp as Truto writes it, always with milliseconds ({@code 2026-12-03T10:00:00.000Z}),
   * where {@link java.time.Instant#toString} drops {@code .000}.
   */
  public static String timestamp(java.time.Instant t) {
    return MILLIS.format(t);
  }

  public static final String WEBHOOK_DISABLED = "webhook:disabled";
  public static final Set<String> TYPES =
      Set.of(
          "sync_job_run:created",
          "sync_job_run:updated",
          "sync_job_run:started",
          "sync_job_run:completed",
          "sync_job_run:failed",
          "sync_job_run:record",
          "sync_job_run:deleted",
          "integrated_account:created",
          "integrated_account:updated",
          "integrated_account:active",
          "integrated_account:reactivated",
          "integrated_account:authentication_error",
          "integrated_account:post_install_error",
          "integrated_account:validation_error",
          "integrated_account:post_connect_form_submitted",
          "integrated_account:deleted",
          "record:created",
          "record:updated",
          "record:deleted",
          "sync_job_cron_trigger:failed",
          "batch_job:dry_run_completed",
          "batch_job:completed",
          "batch_job:dry_run_failed",
          "batch_job:failed",
          WEBHOOK_DISABLED);

  private TrutoEvents() {}

  /** The given types that are not Truto event types, sorted. */
  public static Set<String> unknown(List<String> types) {
    Set<String> out = new TreeSet<>();
    for (String t : types) {
      if (!TYPES.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }
}
