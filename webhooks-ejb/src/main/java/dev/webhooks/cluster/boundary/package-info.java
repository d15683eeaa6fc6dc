/** The heartbeat of this member and the takeover of silent members' claims. */
package dev.webhooks.cluster.boundary;
