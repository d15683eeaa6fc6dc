package bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating a scenario's endpoints in bulk; each scenario retires them when done (see {@link
 * Api#retire}).
 */
final class Endpoints {
  private Endpoints() {}

  /**
   * Creates {@code count} endpoints at receiver paths {@code pathOf(0..count-1)}, all subscribed to
   * one event type. The scenario's own event type (not "all types") keeps other scenarios' events,
   * and earlier runs' leftover endpoints, out of its numbers.
   */
  static List<String> create(
      Context ctx,
      int count,
      java.util.function.IntFunction<String> pathOf,
      String eventType,
      String extra)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(ctx.api.createEndpoint(ctx.receiver.url(pathOf.apply(i)), List.of(eventType), extra));
    }
    return ids;
  }
}
