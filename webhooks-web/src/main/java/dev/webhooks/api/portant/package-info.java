/** Portant-style REST API: a workflow's outgoing webhook and its automation events. */
package dev.webhooks.api.portant;
