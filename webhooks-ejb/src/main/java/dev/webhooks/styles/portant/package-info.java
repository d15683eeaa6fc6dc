/**
 * Portant-style workflow outgoing webhooks: one webhook per workflow, owned by the first tenant
 * that configures it; each automation item becomes its own event ({@code event_id} of 48 hex
 * digits) delivered as {@code {"event_id", "event_type", "data"}} with the engine's Standard
 * Webhooks headers.
 */
package dev.webhooks.styles.portant;
