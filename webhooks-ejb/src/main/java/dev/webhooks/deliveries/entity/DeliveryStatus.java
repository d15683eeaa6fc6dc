package dev.webhooks.deliveries.entity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a delivery stands.
 *
 * <pre>
 *   (ingest) ──► QUEUED ──claim──► IN_FLIGHT ──2xx──► SUCCEEDED
 *      │           ▲                 │  │  └──no attempt left / 410──► FAILED
 *      │           │ sweep (due)     │  └──endpoint full──► WAITING_FOR_SLOT ──slot frees──► (claim)
 *      │        PENDING ◄──retry─────┘                         (or after 10 s, by the sweep)
 *      │           ▲
 *      └──► HELD ──┘ endpoint active again          any open status ──endpoint deleted──► CANCELLED
 *
 *   (ingest, FIFO, a delivery of its key open) ──► WAITING_FOR_TURN ──the one ahead ended──► PENDING
 * </pre>
 *
 * PENDING waits for {@code nextAttemptAt}; QUEUED is in this server's dispatcher, to be claimed;
 * IN_FLIGHT is claimed until its lease ends; WAITING_FOR_SLOT waits for a request to its endpoint
 * to finish (the endpoint had all its slots in use); HELD waits for its subscription to be active
 * again; WAITING_FOR_TURN waits behind the open delivery of its FIFO sequence (never claimed: the
 * transaction that records the end of the one ahead releases it). SUCCEEDED, FAILED and CANCELLED
 * are final. The API shows WAITING_FOR_SLOT as {@code queued}: to a client both are "about to be
 * sent".
 */
public enum DeliveryStatus {
  PENDING,
  QUEUED,
  IN_FLIGHT,
  WAITING_FOR_SLOT,
  HELD,
  WAITING_FOR_TURN,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** The statuses a claim takes (a waiting-for-slot one before its time, when a slot frees). */
  public static final Set<DeliveryStatus> CLAIMABLE = EnumSet.of(PENDING, QUEUED, WAITING_FOR_SLOT);

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The name the API shows. */
  public String shown() {
    return (this == WAITING_FOR_SLOT ? QUEUED : this).name().toLowerCase(Locale.ROOT);
  }

  /** The statuses an API filter names ({@code queued} includes waiting for a slot). */
  public static Optional<Set<DeliveryStatus>> ofShown(String shown) {
    String name = shown.trim().toUpperCase(Locale.ROOT);
    for (DeliveryStatus s : values()) {
      if (s != WAITING_FOR_SLOT && s.name().equals(name)) {
        return Optional.of(s == QUEUED ? EnumSet.of(QUEUED, WAITING_FOR_SLOT) : EnumSet.of(s));
      }
    }
    return Optional.empty();
  }

  /** {@code 'A', 'B'}: the statuses as SQL literals, for native statements. */
  public static String sqlList(Set<DeliveryStatus> statuses) {
    StringBuilder sb = new StringBuilder();
    for (DeliveryStatus s : statuses) {
      sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(s.name()).append('\'');
    }
    return sb.toString();
  }

  /** {@code 'A'}: the status as an SQL literal, for native statements. */
  public String sql() {
    return "'" + name() + "'";
  }
}
