/** Apono-style REST API: integration webhooks, integration status reports and the Test action. */
package dev.webhooks.api.apono;
