/** The servers sharing the database: one row per incarnation, with its heartbeat. */
package dev.webhooks.cluster.entity;
