package dev.webhooks.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** All API paths live under /api. */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Webhooks delivery platform",
            version = "1.0",
            description =
                "Durable outgoing webhooks: native endpoints plus Portant, Apono, Truto and Intuned style APIs"
                    + " over one delivery engine. Authenticate with Authorization: Bearer <key> or x-api-key."),
    security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "apiKey")})
@SecuritySchemes({
  @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer"),
  @SecurityScheme(
      securitySchemeName = "apiKey",
      type = SecuritySchemeType.APIKEY,
      in = SecuritySchemeIn.HEADER,
      apiKeyName = "x-api-key")
})
public class WebhooksApplication extends Application {}
