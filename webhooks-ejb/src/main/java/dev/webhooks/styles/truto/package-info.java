/**
 * Truto-style event-type webhooks: an environment (tenant) subscribes URLs to named event types;
 * each webhook has its own UUID secret and payloads are signed with {@code X-Truto-Signature:
 * format=sha256,v=<hex HMAC>}.
 */
package dev.webhooks.styles.truto;
