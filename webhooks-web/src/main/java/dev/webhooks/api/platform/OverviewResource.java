package dev.webhooks.api.platform;

import dev.webhooks.api.security.CurrentCaller;
import dev.webhooks.endpoints.boundary.EndpointMonitor;
import dev.webhooks.endpoints.boundary.Endpoints;
import dev.webhooks.endpoints.entity.Endpoint;
import dev.webhooks.endpoints.entity.EndpointHealth;
import dev.webhooks.shared.ApiFailure;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What an operator watches: every style's endpoints with their last hour, and their series. */
@Path("/overview")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Overview", description = "Endpoints of every style with their recent outcomes")
public class OverviewResource {
  @Inject CurrentCaller caller;
  @Inject Endpoints endpoints;
  @Inject EndpointMonitor monitor;
  @Inject Limits limits;

  /** The circuit breaker: open while deliveries to the endpoint are put off. */
  @JsonbNillable
  public record Breaker(
      @Schema(enumeration = {"open", "closed"}) String state,
      Instant openUntil,
      int consecutiveFailures) {}

  /** Attempts over the last hour; latency from at most the 2,000 most recent. */
  @JsonbNillable
  public record LastHour(
      long attempts,
      long successes,
      long failures,
      @Schema(description = "Successes over attempts, null without attempts") Double successRate,
      Long p50Ms,
      Long p99Ms) {}

  public record EndpointOverview(
      String id,
      @Schema(
              description = "The API style that owns it",
              enumeration = {"native", "portant", "apono", "truto", "intuned_sink", "intuned_api"})
          String kind,
      String url,
      String description,
      String state,
      String stateReason,
      Breaker breaker,
      LastHour lastHour) {}

  public record Minute(Instant at, long succeeded, long failed, long avgMs, long maxMs) {}

  public record Series(
      Instant from,
      Instant to,
      @Schema(description = "One entry per minute that had attempts, in time order")
          List<Minute> minutes) {}

  @GET
  @Path("endpoints")
  @Operation(
      operationId = "listEndpointOverview",
      summary =
          "Endpoints of every style with state, breaker, success rate and p50/p99 latency over"
              + " the last hour; paged")
  public PageResponse<EndpointOverview> endpoints(
      @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor) {
    Endpoints.Page page = monitor.page(caller.tenantId(), cursor, limits.parse(limit));
    Instant now = Instant.now();
    return new PageResponse<>(
        monitor.overview(page.items(), now.minus(Duration.ofHours(1)), now).stream()
            .map(o -> shown(o, now))
            .toList(),
        page.nextCursor());
  }

  @GET
  @Path("endpoints/{id}/series")
  @Operation(
      operationId = "getEndpointSeries",
      summary =
          "An endpoint's attempts per minute by outcome, with mean and slowest duration, over the"
              + " last hours (1 to 24)")
  public Series series(
      @PathParam("id") String id, @QueryParam("hours") @DefaultValue("24") String hours) {
    int h;
    try {
      h = Integer.parseInt(hours.trim());
    } catch (NumberFormatException e) {
      h = -1;
    }
    if (h < 1 || h > EndpointMonitor.MAX_SERIES_HOURS) {
      throw ApiFailure.invalid(
          "hours", "must be a whole number from 1 to " + EndpointMonitor.MAX_SERIES_HOURS);
    }
    Endpoint e = endpoints.findAnyKind(caller.tenantId(), id);
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofHours(h));
    return new Series(
        from,
        to,
        monitor.series(e, from, to).stream()
            .map(m -> new Minute(m.at(), m.succeeded(), m.failed(), m.avgMs(), m.maxMs()))
            .toList());
  }

  private static EndpointOverview shown(EndpointMonitor.Overview o, Instant now) {
    Endpoint e = o.endpoint();
    EndpointHealth h = o.health();
    boolean open = h.breakerOpenUntil() != null && h.breakerOpenUntil().isAfter(now);
    EndpointMonitor.Window w = o.window();
    return new EndpointOverview(
        e.publicId(),
        e.kind().name().toLowerCase(),
        e.url(),
        e.description(),
        e.state().name().toLowerCase(),
        e.stateReason(),
        new Breaker(
            open ? "open" : "closed", open ? h.breakerOpenUntil() : null, h.consecutiveFailures()),
        new LastHour(
            w.attempts(), w.successes(), w.failures(), w.successRate(), w.p50Ms(), w.p99Ms()));
  }
}
