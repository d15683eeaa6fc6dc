/** API-key authentication, the request body size limit and the caller of a request. */
package dev.webhooks.api.security;
