package dev.webhooks.api.truto;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which webhook receives the test event. */
@Schema(name = "TrutoTestRequest")
public record TestRequest(
    @NotBlank(message = "is required") @Size(max = 64) @Schema(description = "The webhook's id")
        String id)
    implements JsonRequest {}
