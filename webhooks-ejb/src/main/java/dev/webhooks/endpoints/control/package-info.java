/** The destination (SSRF) rules as a plain class, and the endpoints table of secrets at rest. */
package dev.webhooks.endpoints.control;
