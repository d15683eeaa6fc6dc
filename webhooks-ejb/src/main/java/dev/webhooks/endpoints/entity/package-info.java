/**
 * Endpoints (subscriptions) as stored: configuration, sealed secrets and state ({@link Endpoint}),
 * and apart from them the health that every attempt changes ({@link EndpointHealth}).
 */
package dev.webhooks.endpoints.entity;
