/**
 * Cross-cutting pieces every feature uses: settings, failures that map to problem details, JSON
 * helpers.
 */
package dev.webhooks.shared;
