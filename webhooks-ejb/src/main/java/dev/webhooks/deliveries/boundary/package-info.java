/**
 * Deliveries, the use cases: reading the delivery log, redelivery and recovery, one attempt on
 * request, and the engine loops that own a thread or a timer (the dispatcher's loops, the sweep,
 * the styles' reactions).
 */
package dev.webhooks.deliveries.boundary;
