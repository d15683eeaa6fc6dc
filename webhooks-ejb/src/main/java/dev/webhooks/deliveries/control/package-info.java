/**
 * How deliveries are made: the {@code Dispatcher}, sole owner of the in-memory delivery state
 * (deliveries to claim, claimed jobs, endpoint and server slots, near retries, finished attempts);
 * claiming, leasing and recording rows ({@code DeliveryStore}); building and sending each attempt
 * through the guarded HTTP client ({@code DeliveryWorker}); and deciding what an attempt means
 * ({@code AttemptPolicy}, a plain class).
 */
package dev.webhooks.deliveries.control;
