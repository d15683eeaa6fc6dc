/** Every error as application/problem+json: the exception mappers and the problem shapes. */
package dev.webhooks.api.problems;
