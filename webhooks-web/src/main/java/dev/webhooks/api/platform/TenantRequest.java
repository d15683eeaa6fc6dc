package dev.webhooks.api.platform;

import dev.webhooks.api.requests.JsonRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new tenant. */
public record TenantRequest(
    @NotBlank(message = "is required") @Size(max = 200) @Schema(example = "billing team")
        String name)
    implements JsonRequest {}
