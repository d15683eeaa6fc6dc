package dev.webhooks.api.requests;

/**
 * Marks a request record: its body is read by {@link StrictJsonBodies}, checked field by field
 * against the record's components by {@link RequestShape} (unknown fields and wrong JSON types are
 * refused, naming each one), bound with JSON-B and then validated with Jakarta Validation
 * ({@code @Valid} on the resource parameter). The record is also the operation's OpenAPI schema, so
 * each limit is written once, on the record.
 */
public interface JsonRequest {}
