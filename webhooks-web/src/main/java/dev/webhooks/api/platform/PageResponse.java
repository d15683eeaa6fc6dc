package dev.webhooks.api.platform;

import java.util.List;

/** A page of a list: {@code {"data": [...], "nextCursor"}}; nextCursor is null on the last page. */
public record PageResponse<T>(List<T> data, String nextCursor) {}
