/**
 * Intuned-style Runs and Jobs: an API run is an engine delivery to the service that performs the
 * API (its reply kept as the run's result), and each finished API run is POSTed to the Run's or
 * Job's webhook sink, another engine delivery with Intuned's retry schedule (10, 20, 40, 80 s, then
 * every 2 min, never past an hour).
 */
package dev.webhooks.styles.intuned;
