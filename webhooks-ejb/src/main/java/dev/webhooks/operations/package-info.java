/** What operators watch: readiness and liveness checks, and the engine's metrics. */
package dev.webhooks.operations;
