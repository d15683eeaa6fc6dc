/**
 * Apono-style integration webhooks: integrations report their state; a change of status emits
 * {@code IntegrationStatusChanged}, which reaches every active integration webhook whose filters
 * match, rendered through its Handlebars body template, with its authentication (bearer, OAuth
 * client credentials, custom headers), method, timeout and response validators.
 */
package dev.webhooks.styles.apono;
