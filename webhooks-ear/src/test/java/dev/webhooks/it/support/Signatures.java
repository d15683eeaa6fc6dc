package dev.webhooks.it.support;

import com.standardwebhooks.Webhook;
import dev.webhooks.tools.Receiver;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks Standard Webhooks signatures with the reference library, independently of the server's
 * code.
 */
public final class Signatures {
  private Signatures() {}

  public static boolean valid(String secret, Receiver.Received r) {
    Map<String, List<String>> lower =
        r.headers().entrySet().stream()
            .collect(
                Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a));
    try {
      new Webhook(secret).verify(r.bodyText(), lower);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
