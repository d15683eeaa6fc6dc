package dev.webhooks.operations;

import dev.webhooks.deliveries.boundary.DispatchLoops;
import dev.webhooks.deliveries.boundary.StyleReactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when a dispatcher loop has work waiting and has not run for 30 s (it died or is stuck), so
 * that an orchestrator restarts the server; up otherwise, however slow the receivers are.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
  @Inject DispatchLoops loops;
  @Inject StyleReactions reactions;

  @Override
  public HealthCheckResponse call() {
    List<String> stalled = new ArrayList<>(loops.stalledLoops());
    stalled.addAll(reactions.stalledLoops());
    return HealthCheckResponse.named("webhooks")
        .status(stalled.isEmpty())
        .withData("stalledLoops", String.join(", ", stalled))
        .build();
  }
}
