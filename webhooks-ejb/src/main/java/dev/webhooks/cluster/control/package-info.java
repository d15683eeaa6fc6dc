/**
 * Membership of a cluster: this server's incarnation, the live members (each takes its share of a
 * per-endpoint limit), the database's clock, and the invalidation of cached data on every member.
 */
package dev.webhooks.cluster.control;
