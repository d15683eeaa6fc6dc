package dev.webhooks.cluster.control;

import java.time.Instant;
import java.util.List;

/**
 * Incarnations whose claims are given back now (dead, restarted or stopped), fired inside the
 * transaction that marks them taken over: whoever keeps claimed or queued work releases theirs in
 * that same transaction, so the takeover and the release commit together or not at all. {@code
 * unowned} also gives back claims that record no incarnation (made before members were recorded).
 */
public record ClaimsOrphaned(List<Long> incarnations, boolean unowned, Instant now) {}
