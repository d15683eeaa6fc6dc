/**
 * Subscriptions of every style: create, change, pause, resume, delete, rotate secrets, and the
 * destination rules every URL is checked against. Changes that matter to deliveries are announced
 * as {@link dev.webhooks.endpoints.boundary.EndpointChanged} events inside the same transaction.
 */
package dev.webhooks.endpoints.boundary;
