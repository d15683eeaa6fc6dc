/**
 * Deliveries, the use cases: reading the delivery log, redelivery and recovery, one attempt on
 * request, and the engine loops that own a thread or a timer (the attempt recorder, the sweeper,
 * the JMS wake-up listener).
 */
package dev.webhooks.deliveries.boundary;
