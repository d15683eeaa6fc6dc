/**
 * The native API: endpoints, events, deliveries, tenants and operator actions, as request and
 * response records over the engine boundary.
 */
package dev.webhooks.api.platform;
