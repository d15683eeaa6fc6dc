package dev.webhooks.api.apono;

import dev.webhooks.api.requests.JsonRequest;
import dev.webhooks.shared.Validation;
import dev.webhooks.styles.apono.AponoConfig;
import dev.webhooks.styles.apono.ResponseValidators;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An integration webhook as created, replaced ({@code PUT}, the whole configuration) or tested
 * unsaved: the fields of Apono's "Add Webhook" form. What the webhook shows ({@code id}, {@code
 * createdAt}, {@code updatedAt}) is accepted and ignored, so a shown webhook can be sent back as it
 * is; masked secrets ({@value AponoConfig#MASK}) keep the stored ones. The destination rules for
 * {@code url}, the template check and the JSONPath check are the engine's.
 */
@Schema(name = "AponoIntegrationWebhookRequest")
public record IntegrationWebhookRequest(
    @Schema(description = "Accepted and ignored: the webhook's id as shown (the path names it)")
        String id,
    @NotNull(message = "is required")
        @Pattern(
            regexp = "^[A-Za-z0-9 _-]{1,100}$",
            message = "must be 1-100 letters, digits, spaces, '-' or '_'")
        @Schema(
            description =
                "Unique within the account, letters and digits only (Apono: \"unique,"
                    + " alphanumeric\"); a webhook saved before this rule keeps its name",
            example = "IntegrationAlerts")
        String name,
    @Schema(
            description = "The Status toggle: false keeps the webhook but sends nothing",
            defaultValue = "true")
        Boolean active,
    @Pattern(regexp = "^HTTP Webhook$", message = "must be \"HTTP Webhook\"")
        @Schema(
            enumeration = {"HTTP Webhook"},
            defaultValue = "HTTP Webhook")
        String type,
    @Pattern(regexp = "^(POST|PUT|DELETE)$", message = "must be POST, PUT or DELETE")
        @Schema(
            enumeration = {"POST", "PUT", "DELETE"},
            defaultValue = "POST")
        String method,
    @NotNull(message = "is required")
        @Size(max = 2048)
        @Schema(
            description = "The target system's HTTPS URL",
            example = "https://hooks.example.com/apono")
        String url,
    @Size(max = 65536)
        @Schema(
            description =
                "The JSON body to send, with {{placeholders}} (see payload-schema); default the"
                    + " documented payload (event_type, event_time, data)")
        String bodyTemplate,
    @Valid @Schema(description = "How to authenticate to the target system; default NONE")
        Authentication authentication,
    @Valid
        @Schema(description = "Which integrations and statuses are sent; default ERROR and WARNING")
        Filters filters,
    @Min(1)
        @Max(60)
        @Schema(description = "Seconds to wait before the request fails", defaultValue = "10")
        Integer timeoutSeconds,
    @Size(max = ResponseValidators.MAX_VALIDATORS)
        @Schema(
            description =
                "Each must find one of its expected values in a 2xx response body; at most 10,"
                    + " paths of at most 500 characters with one deep scan (..) at most and no"
                    + " regular expression filters (=~)")
        List<@NotNull @Valid ResponseValidator> responseValidators,
    @Schema(description = "Accepted and ignored: when the webhook was created, as shown")
        String createdAt,
    @Schema(description = "Accepted and ignored: when the webhook was last changed, as shown")
        String updatedAt)
    implements JsonRequest {

  /**
   * Authentication; secret values are write-only and {@value AponoConfig#MASK} keeps the stored
   * one.
   */
  @Schema(name = "AponoAuthentication")
  public record Authentication(
      @NotNull(message = "is required")
          @Pattern(
              regexp = "^(NONE|BEARER|OAUTH|CUSTOM)$",
              message = "must be NONE, BEARER, OAUTH or CUSTOM")
          @Schema(enumeration = {"NONE", "BEARER", "OAUTH", "CUSTOM"})
          String type,
      @Size(max = 4000) @Schema(description = "BEARER: the token (required, write-only)")
          String token,
      @Size(max = 500) @Schema(description = "OAUTH: the client id (required)") String clientId,
      @Size(max = 4000) @Schema(description = "OAUTH: the client secret (required, write-only)")
          String clientSecret,
      @Size(max = 2048)
          @Schema(description = "OAUTH: where the client credentials get a token (required)")
          String tokenUrl,
      @Size(max = 50) @Schema(description = "OAUTH: the scopes to ask for (optional)")
          List<@NotBlank @Size(max = 200) String> scopes,
      @Size(max = 50)
          @Schema(description = "CUSTOM: header names and values (at least one; values write-only)")
          Map<
                  @Pattern(
                      regexp = "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$",
                      message = "is not a valid header name")
                  String,
                  @NotNull @Size(max = 4000)
                  @Pattern(regexp = "^[^\\r\\n]*$", message = "must be a single line") String>
              headers,
      @Schema(
              description =
                  "OAUTH: how the client authenticates to the token endpoint: client_secret_basic"
                      + " (an HTTP Basic header, RFC 6749's default) or client_secret_post (in the"
                      + " form body)",
              enumeration = {"client_secret_basic", "client_secret_post"},
              defaultValue = "client_secret_basic")
          String clientAuthMethod) {}

  /** Which events are sent: every list that is given and not empty must match. */
  @Schema(name = "AponoFilters")
  public record Filters(
      @Size(max = 500) @Schema(description = "Integration ids; empty or absent means all")
          List<@NotBlank @Size(max = 200) String> integrationIds,
      @Size(max = 500) @Schema(description = "Integration types; empty or absent means all")
          List<@NotBlank @Size(max = 200) String> integrationTypes,
      @Size(min = 1, max = 3, message = "must hold 1 to 3 statuses when given")
          @Schema(description = "Statuses that are sent; default ERROR and WARNING")
          List<
                  @NotNull
                  @Pattern(
                      regexp = "^(ERROR|WARNING|ACTIVE)$",
                      message = "values must be ERROR, WARNING or ACTIVE")
                  String>
              statuses) {}

  /** A check of a 2xx response body. */
  @Schema(name = "AponoResponseValidator")
  public record ResponseValidator(
      @NotNull(message = "is required")
          @Size(max = 500)
          @Schema(description = "A JSONPath expression", example = "$.data.status")
          String jsonPath,
      @NotEmpty(message = "must list at least one value")
          @Size(max = 100)
          @Schema(description = "The values that pass", example = "[\"accepted\"]")
          List<@NotBlank @Size(max = 500) String> expectedValues) {}

  /** The settings the engine stores, defaults filled in; fails naming each field it refuses. */
  AponoConfig config() {
    Validation v = new Validation();
    AponoConfig.Auth auth =
        authentication == null
            ? null
            : AponoConfig.Auth.of(
                authentication.type(),
                authentication.token(),
                authentication.clientId(),
                authentication.clientSecret(),
                authentication.tokenUrl(),
                authentication.scopes(),
                authentication.headers(),
                authentication.clientAuthMethod(),
                v);
    List<ResponseValidators.Validator> validators =
        responseValidators == null
            ? null
            : responseValidators.stream()
                .map(r -> new ResponseValidators.Validator(r.jsonPath(), r.expectedValues()))
                .toList();
    AponoConfig c =
        AponoConfig.of(
            name,
            active,
            method,
            url,
            bodyTemplate,
            auth,
            filters == null ? null : filters.integrationIds(),
            filters == null ? null : filters.integrationTypes(),
            filters == null ? null : filters.statuses(),
            timeoutSeconds,
            validators,
            v);
    v.throwIfInvalid();
    return c;
  }
}
