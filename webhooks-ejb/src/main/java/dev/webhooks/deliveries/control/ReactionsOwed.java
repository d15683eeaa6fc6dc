package dev.webhooks.deliveries.control;

import java.util.List;

/** Reactions written in the current transaction, to be run once it commits. */
public record ReactionsOwed(List<Long> ids) {}
