/**
 * The extension point through which each API style (native, Portant, Apono, Truto, Intuned) shapes
 * its deliveries: routing rule, body, signature and authentication headers, response checks, what
 * happens when a delivery ends, and the events it emits. Interfaces the styles implement ({@link
 * dev.webhooks.spi.DeliveryStyle}, {@link dev.webhooks.spi.EventIntake}, {@link
 * dev.webhooks.spi.SecretsAtRest}), interfaces the engine implements for them ({@link
 * dev.webhooks.spi.FollowUpEvents}, {@link dev.webhooks.spi.Outbound}) and the immutable values
 * passed between them. Depends on nothing of the engine (an ArchUnit rule keeps it so).
 */
package dev.webhooks.spi;
