/**
 * How request bodies are read: strictly, within limits, the same for every API style, before any
 * resource sees them.
 */
package dev.webhooks.api.requests;
