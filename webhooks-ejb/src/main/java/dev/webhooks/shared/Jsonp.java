package dev.webhooks.shared;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code Jsonp.PROVIDER.createObjectBuilder()} and friends
 * look the provider up through the ServiceLoader on every call, which profiling showed among the
 * top costs of building each outgoing request.
 */
public final class Jsonp {
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsonp() {}
}
