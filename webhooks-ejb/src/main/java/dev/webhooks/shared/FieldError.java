package dev.webhooks.shared;

/** One rejected input field, as reported in a problem's {@code errors} list. */
public record FieldError(String field, String message) {}
