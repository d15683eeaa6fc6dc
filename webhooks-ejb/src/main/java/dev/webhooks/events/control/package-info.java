/**
 * Storing events and fanning them out to the endpoints they reach, idempotency keys, the JMS
 * producer, and the engine side of {@link dev.webhooks.spi.FollowUpEvents}.
 */
package dev.webhooks.events.control;
