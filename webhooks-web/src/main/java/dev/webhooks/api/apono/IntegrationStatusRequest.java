package dev.webhooks.api.apono;

import dev.webhooks.api.requests.JsonRequest;
import dev.webhooks.shared.Validation;
import dev.webhooks.styles.apono.IntegrationStates;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An integration's state as it reports it; the integration is named by the path. */
@Schema(name = "IntegrationStatusReport")
public record IntegrationStatusRequest(
    @NotNull(message = "is required") @Size(max = 200) @Schema(example = "Production Postgres")
        String name,
    @NotNull(message = "is required") @Size(max = 200) @Schema(example = "postgresql") String type,
    @NotNull(message = "is required")
        @Pattern(regexp = "^(ACTIVE|WARNING|ERROR)$", message = "must be ACTIVE, WARNING or ERROR")
        @Schema(enumeration = {"ACTIVE", "WARNING", "ERROR"})
        String status,
    @Size(max = IntegrationStates.MAX_ISSUES)
        @Schema(
            description =
                "The integration's current issues; a change of issues alone emits nothing")
        List<@NotNull @Valid Issue> issues)
    implements JsonRequest {

  /** One issue; a missing status or message is stored empty. */
  @Schema(name = "IntegrationIssue")
  public record Issue(
      @Size(max = 20) @Schema(example = "ERROR") String status,
      @Size(max = IntegrationStates.MAX_MESSAGE) @Schema(example = "Connection refused")
          String message) {}

  /** The report of {@code integrationId} the engine stores; fails naming a bad id. */
  IntegrationStates.Report report(String integrationId) {
    Validation v = new Validation();
    IntegrationStates.Report r =
        IntegrationStates.report(
            integrationId,
            name,
            type,
            status,
            issues == null
                ? null
                : issues.stream()
                    .map(i -> new IntegrationStates.Issue(i.status(), i.message()))
                    .toList(),
            v);
    v.throwIfInvalid();
    return r;
  }
}
