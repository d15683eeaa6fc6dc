/**
 * How deliveries are made: claiming and leasing rows ({@code DeliveryStore}), the in-memory queue,
 * slots and near wake-ups, building and sending each attempt through the guarded HTTP client, and
 * deciding what an attempt means ({@code AttemptPolicy}, a plain class).
 */
package dev.webhooks.deliveries.control;
