/**
 * The API styles, one adapter package each, over the engine: they implement the {@link
 * dev.webhooks.spi} interfaces and use the engine only through its boundary packages, never its
 * control classes, and never each other (ArchUnit rules keep it so).
 */
package dev.webhooks.styles;
