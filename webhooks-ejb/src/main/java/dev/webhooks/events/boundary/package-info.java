/**
 * Events entering the engine: the one ingest for REST, JMS and every style (store and fan out in
 * one transaction, wake the workers after it commits), the JMS listener and the request limits.
 */
package dev.webhooks.events.boundary;
