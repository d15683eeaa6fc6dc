package dev.webhooks.api.security;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.tenants.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link ApiKeyFilter}. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Caller get() {
    if (caller == null) {
      throw new ApiFailure(401, "Unauthorized", "an API key is required", null);
    }
    return caller;
  }

  public Long tenantId() {
    return get().tenantId();
  }
}
