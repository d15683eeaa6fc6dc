package dev.webhooks.deliveries.control;

import dev.webhooks.spi.DeliveryStyle;
import dev.webhooks.spi.EndpointKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;

/** Finds the style bean for a subscription kind. */
@ApplicationScoped
public class DeliveryStyles {
  @Inject @Any Instance<DeliveryStyle> all;

  private final Map<EndpointKind, DeliveryStyle> byKind = new EnumMap<>(EndpointKind.class);

  @PostConstruct
  void index() {
    for (DeliveryStyle s : all) {
      byKind.put(s.kind(), s);
    }
  }

  public DeliveryStyle of(EndpointKind kind) {
    DeliveryStyle s = byKind.get(kind);
    if (s == null) {
      throw new IllegalStateException("no delivery style for " + kind);
    }
    return s;
  }
}
