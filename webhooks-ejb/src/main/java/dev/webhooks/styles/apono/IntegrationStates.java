package dev.webhooks.styles.apono;

import dev.webhooks.shared.JsonFields;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Validation;
import dev.webhooks.spi.FollowUpEvents;
import dev.webhooks.spi.IncomingEvent;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Integration state reports. The latest state per integration is stored; a change of status (the
 * first report counts as a change from ACTIVE) emits one {@code IntegrationStatusChanged} event; a
 * change of issues alone emits nothing.
 */
@Stateless
public class IntegrationStates {
  @PersistenceContext EntityManager em;
  @Inject FollowUpEvents followUps;

  /** A checked report. */
  public record Report(
      String integrationId, String name, String type, String status, JsonArray issues) {}

  /** The event a change emitted, if any. */
  public record Outcome(boolean changed, String eventId) {}

  /** One issue of a report; a missing status or message reads as empty. */
  public record Issue(String status, String message) {}

  /**
   * Issues in one report at most: the worst case a body template is checked against at save, so a
   * report can never make a saved template render more than it did there.
   */
  public static final int MAX_ISSUES = 100;

  /** Characters of an issue's message at most. */
  public static final int MAX_MESSAGE = 4000;

  /**
   * A report of {@code integrationId} (a path segment, checked here) from values whose shape the
   * request checked; errors go to {@code v}.
   */
  public static Report report(
      String integrationId,
      String name,
      String type,
      String status,
      List<Issue> issues,
      Validation v) {
    if (integrationId == null || !integrationId.matches("[A-Za-z0-9_.:-]{1,200}")) {
      v.add("integrationId", "must be 1-200 letters, digits, '_', '.', ':' or '-'");
    }
    JsonArrayBuilder clean = Jsonp.PROVIDER.createArrayBuilder();
    if (issues != null && issues.size() > MAX_ISSUES) {
      v.add("issues", "at most " + MAX_ISSUES + " issues in one report");
    } else if (issues != null) {
      for (Issue i : issues) {
        clean.add(
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("status", i.status() == null ? "" : i.status())
                .add("message", i.message() == null ? "" : i.message()));
      }
    }
    return new Report(integrationId, name, type, status, clean.build());
  }

  /**
   * A report that arrived as event data through the generic ingest or JMS ({@link AponoIntake}),
   * where no request record checked it: every field is checked here, by name.
   */
  static Report read(JsonObject data, Validation v) {
    JsonFields f = JsonFields.of(data, v);
    String integrationId = data.get("integrationId") instanceof JsonString s ? s.getString() : null;
    String name = f.string("name", true, 200);
    String type = f.string("type", true, 200);
    String status = f.string("status", true, 10);
    if (status != null && !AponoConfig.STATUSES.contains(status)) {
      v.add("status", "must be ACTIVE, WARNING or ERROR");
    }
    JsonArray issues = f.array("issues");
    List<Issue> read = new ArrayList<>();
    if (issues != null) {
      for (int i = 0; i < issues.size(); i++) {
        JsonFields issue = JsonFields.of(issues.get(i), "issues[" + i + "]", v);
        read.add(
            new Issue(
                issue.string("status", false, 20), issue.string("message", false, MAX_MESSAGE)));
      }
    }
    return report(integrationId, name, type, status, read, v);
  }

  /**
   * Stores the report and, when the status changed, emits the event: one transaction, so a change
   * is stored exactly when its event is (a failure leaves both undone, and the next report sees the
   * change again).
   */
  public Outcome report(Long tenantId, Report r) {
    Optional<IncomingEvent> change = store(tenantId, r);
    if (change.isEmpty()) {
      return new Outcome(false, null);
    }
    return new Outcome(true, followUps.emit(tenantId, List.of(change.get())).get(0));
  }

  /**
   * Stores the state in the caller's transaction; the event to emit, in that same transaction, if
   * the status changed.
   */
  public Optional<IncomingEvent> store(Long tenantId, Report r) {
    IntegrationState s =
        em.createNamedQuery("IntegrationState.find", IntegrationState.class)
            .setParameter("tenantId", tenantId)
            .setParameter("integrationId", r.integrationId())
            // Two reports of one integration at once: the second waits and sees the first's status,
            // so a change is announced once.
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (s == null) {
      s = new IntegrationState(tenantId, r.integrationId());
      em.persist(s);
    }
    boolean changed = !s.status().equals(r.status());
    s.report(r.name(), r.type(), r.status(), r.issues().toString());
    if (!changed) {
      return Optional.empty();
    }
    return Optional.of(
        IncomingEvent.routed(
            AponoStyle.EVENT_TYPE, model(r, Instant.now()).toString(), null, null));
  }

  /** The event model templates render against. */
  public static JsonObject model(Report r, Instant at) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("event_type", AponoStyle.EVENT_TYPE)
        .add("event_time", at.toString())
        .add(
            "data",
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("id", r.integrationId())
                .add("name", r.name())
                .add("type", r.type())
                .add("status", r.status())
                .add("issues", r.issues()))
        .build();
  }

  /**
   * The largest event a report can make, for checking at save that a body template renders within
   * its budget whatever is reported: the longest names, {@link #MAX_ISSUES} issues, every message
   * at its longest and made of characters JSON must escape (each doubles).
   */
  public static JsonObject worstCaseSample() {
    JsonArrayBuilder issues = Jsonp.PROVIDER.createArrayBuilder();
    for (int i = 0; i < MAX_ISSUES; i++) {
      issues.add(
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("status", "\"".repeat(20))
              .add("message", "\"".repeat(MAX_MESSAGE)));
    }
    return model(
        new Report("i".repeat(200), "\"".repeat(200), "\"".repeat(200), "ERROR", issues.build()),
        Instant.parse("2024-01-01T00:00:00Z"));
  }

  /** A sample event, for checking templates and for Test. */
  public static JsonObject sample() {
    return model(
        new Report(
            "int-sample-1",
            "Production Postgres",
            "postgresql",
            "ERROR",
            Jsonp.PROVIDER
                .createArrayBuilder()
                .add(
                    Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("status", "ERROR")
                        .add("message", "Connection refused: \"db-1\" is unreachable"))
                .build()),
        Instant.parse("2024-01-01T00:00:00Z"));
  }
}
