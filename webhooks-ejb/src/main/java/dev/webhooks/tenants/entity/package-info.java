/** Tenants and API keys as stored. */
package dev.webhooks.tenants.entity;
