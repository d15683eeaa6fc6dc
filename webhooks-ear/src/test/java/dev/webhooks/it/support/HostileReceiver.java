package dev.webhooks.it.support;

import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Received;
import dev.webhooks.tools.Receiver.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A receiver on loopback that answers as a hostile tenant's receiver would, chosen by path: {@code
 * /flood} a response head of 100,000 header lines, {@code /long-line} one header line of 5 MB,
 * {@code /hang} (and any other path) accepts the request and never answers (the connection stays
 * open until closed). These are replies of the shared {@link Receiver}: the JDK's server sends such
 * heads as asked, so no raw socket is needed.
 */
public final class HostileReceiver implements AutoCloseable {
  private static final Reply FLOOD = flood();

  private static final Reply LONG_LINE =
      Reply.status(200).withHeader("X-Long", "a".repeat(80 * 64 * 1024));

  /** Longer than any test: the request is held until {@link #close()}. */
  private static final Reply NEVER = Reply.status(204).after(Duration.ofDays(1));

  private final Receiver receiver = new Receiver().otherwise(HostileReceiver::answer);

  public String url(String path) {
    return receiver.url(path);
  }

  /** Requests received whose path starts with {@code prefix}. */
  public long count(String prefix) {
    return receiver.all().stream().filter(r -> r.path().startsWith(prefix)).count();
  }

  private static Reply answer(Received r) {
    if (r.path().startsWith("/flood")) {
      return FLOOD;
    }
    if (r.path().startsWith("/long-line")) {
      return LONG_LINE;
    }
    return NEVER;
  }

  private static Reply flood() {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < 100_000; i++) {
      headers.put("X-Flood-" + i, Integer.toString(i));
    }
    return Reply.status(200).withHeaders(headers);
  }

  @Override
  public void close() {
    receiver.close();
  }
}
