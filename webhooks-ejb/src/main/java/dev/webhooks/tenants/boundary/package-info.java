/** Tenants and their API keys (hashed at rest), the caller of a request, the dev key at start. */
package dev.webhooks.tenants.boundary;
