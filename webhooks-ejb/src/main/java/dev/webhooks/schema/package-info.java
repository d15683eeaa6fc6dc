/**
 * The database schema: its migrations ({@code db/changelog/webhooks.xml}, Liquibase) and the bean
 * that runs them at start, before anything else touches the database. Depends only on the shared
 * keyring (for migrations that seal values).
 */
package dev.webhooks.schema;
