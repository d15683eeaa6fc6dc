/** Truto-style REST API: event-type webhooks of an environment, snake_case as Truto has it. */
package dev.webhooks.api.truto;
