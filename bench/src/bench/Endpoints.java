package bench;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Creating a scenario's endpoints in bulk; each scenario retires them when done (see {@link
 * Api#retire}).
 */
final class Endpoints {
  private Endpoints() {}

  /**
   * Creates {@code count} endpoints of the default tenant, at receiver paths {@code
   * pathOf(0..count-1)} and all subscribed to one event type. The scenario's own event type (not
   * "all types") keeps other scenarios' events, and earlier runs' leftovers, out of its numbers.
   * {@code extra}: more fields of each endpoint (see {@link Api#createEndpoint}), or null.
   */
  static List<String> create(
      Context ctx, int count, IntFunction<String> pathOf, String eventType, JsonObject extra)
      throws IOException, InterruptedException {
    return create(ctx, ctx.api, count, pathOf, eventType, extra);
  }

  /** Likewise, for the tenant whose key {@code api} carries. */
  static List<String> create(
      Context ctx,
      Api api,
      int count,
      IntFunction<String> pathOf,
      String eventType,
      JsonObject extra)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(api.createEndpoint(ctx.receiver.url(pathOf.apply(i)), List.of(eventType), extra));
    }
    return ids;
  }
}
