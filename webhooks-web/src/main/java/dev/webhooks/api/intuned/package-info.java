/**
 * Intuned-style REST API: projects, Runs and Jobs of a workspace (the tenant), with webhook sinks.
 */
package dev.webhooks.api.intuned;
