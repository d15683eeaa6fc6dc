package dev.webhooks.api.platform;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** A page of a list: {@code {"data": [...], "nextCursor"}}; nextCursor is null on the last page. */
@JsonbNillable
public record PageResponse<T>(List<T> data, String nextCursor) {}
