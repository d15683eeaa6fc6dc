package dev.webhooks.spi;

import java.time.Instant;

/** An accepted event as a style sees it. {@code payload} and {@code source} are JSON text. */
public record EventView(
    Long id,
    String publicId,
    Long tenantId,
    String type,
    String payload,
    String source,
    Instant createdAt) {}
