/**
 * The database schema: its migrations ({@code db/changelog/webhooks.xml}, Liquibase) and the bean
 * that runs them at start, before anything else touches the database. Depends on nothing of the
 * engine.
 */
package dev.webhooks.schema;
