/** Endpoints (subscriptions) as stored: configuration, sealed secrets, state and health. */
package dev.webhooks.endpoints.entity;
