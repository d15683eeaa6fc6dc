/** The native style: Standard Webhooks signatures, event-type filters, an event when disabled. */
package dev.webhooks.styles.standard;
