/**
 * The delivery log: events as received, one delivery per event and endpoint, and every attempt with
 * its request and response.
 */
package dev.webhooks.deliveries.entity;
