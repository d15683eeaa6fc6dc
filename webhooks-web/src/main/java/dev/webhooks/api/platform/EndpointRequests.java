package dev.webhooks.api.platform;

import dev.webhooks.deliveries.control.RetryPolicy;
import dev.webhooks.endpoints.control.EndpointDraft;
import dev.webhooks.shared.JsonFields;
import dev.webhooks.shared.Validation;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/** Reads native endpoint create/patch bodies, naming each bad field. */
final class EndpointRequests {
  private EndpointRequests() {}

  static EndpointDraft read(JsonValue body, boolean create) {
    Validation v = new Validation();
    JsonFields f = JsonFields.of(body, v);
    String url = f.string("url", create, 2048);
    String description = f.string("description", false, 1000);
    List<String> types = f.strings("eventTypes", 200, 200);
    Map<String, String> headers = f.stringMap("headers", 50);
    Integer timeout = f.integer("timeoutSeconds", 1, 60);
    JsonObject policyJson = f.object("retryPolicy");
    RetryPolicy policy =
        policyJson == null ? null : RetryPolicy.fromRequest(policyJson, "retryPolicy", v);
    Boolean active = f.bool("active");
    Integer rate = f.integer("rateLimitPerSecond", 1, 100_000);
    if (types != null) {
      for (int i = 0; i < types.size(); i++) {
        if (types.get(i).contains(",")) {
          v.add("eventTypes[" + i + "]", "must not contain a comma");
        }
      }
    }
    v.throwIfInvalid();
    if (create && policy == null) {
      policy = RetryPolicy.STANDARD;
    }
    return new EndpointDraft(
        url, description, types, headers, timeout, policy, active, rate, null, null, null);
  }
}
