package dev.webhooks.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.tools.Receiver;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another tenant can neither see nor act on a tenant's resources, through any operation of any
 * style: each attempt is a 4xx problem and leaves the owner's resource as it was.
 */
class TenantIsolationIT {
  private final Receiver receiver = new Receiver();
  private final Api owner = Api.newTenant("owner-" + UUID.randomUUID());
  private final Api other = Api.newTenant("intruder-" + UUID.randomUUID());

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static void refused(Api.Resp r, String what) {
    assertTrue(r.status() == 404 || r.status() == 403, what + ": " + r.status() + " " + r.body());
    assertTrue(
        r.contentType().startsWith("application/problem+json"), what + ": " + r.contentType());
  }

  @Test
  void nativeEndpointOperationsOfAnotherTenantAreRefusedAndChangeNothing() {
    String id =
        owner
            .post("/api/endpoints", "{\"url\":\"" + receiver.url("/mine") + "\"}")
            .expect(201)
            .json()
            .getString("id");
    String secret = owner.get("/api/endpoints/" + id + "/secret").json().getString("secret");
    String base = "/api/endpoints/" + id;
    refused(other.post(base + "/pause", ""), "pause");
    refused(other.post(base + "/resume", ""), "resume");
    refused(other.post(base + "/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}"), "recover");
    refused(other.post(base + "/test", ""), "test");
    refused(other.get(base + "/stats"), "stats");
    refused(other.post(base + "/secret/rotate", "{}"), "rotate");
    assertEquals("enabled", owner.get(base).json().getString("state"), "not paused");
    assertEquals(
        secret, owner.get(base + "/secret").json().getString("secret"), "secret not rotated");
    assertEquals(0, receiver.at("/mine").size(), "no test event was sent");
  }

  @Test
  void anotherTenantsKeysAreOutOfReach() {
    String keyId =
        owner
            .post("/api/tenants/" + owner.tenantId + "/keys", "")
            .expect(201)
            .json()
            .getString("id");
    String keys = "/api/tenants/" + owner.tenantId + "/keys";
    refused(other.get(keys), "list keys");
    refused(other.post(keys, ""), "issue a key");
    refused(other.delete(keys + "/" + keyId), "revoke a key");
    assertTrue(owner.get(keys).expect(200).body().contains(keyId), "the key is still there");
  }

  @Test
  void aponoWebhooksAndStatusesAreSeparatePerTenant() {
    String id =
        owner
            .post(
                "/api/integration-webhooks",
                "{\"name\":\"mine\",\"url\":\""
                    + receiver.url("/apono")
                    + "\",\"bodyTemplate\":\"{\\\"s\\\": \\\"{{data.status}}\\\"}\"}")
            .expect(201)
            .json()
            .getString("id");
    String base = "/api/integration-webhooks/" + id;
    refused(other.get(base), "get");
    refused(other.get(base + "/secret"), "secret");
    refused(other.post(base + "/test", ""), "test");
    refused(
        other.put(
            base,
            "{\"name\":\"x\",\"url\":\"" + receiver.url("/x") + "\",\"bodyTemplate\":\"{}\"}"),
        "replace");
    refused(other.delete(base), "delete");
    assertEquals(0, other.get("/api/integration-webhooks").json().getJsonArray("data").size());
    // The other tenant's status report of an integration with the same id reaches nothing of the
    // owner's.
    String report =
        "{\"name\":\"DB\",\"type\":\"postgresql\",\"status\":\"ERROR\","
            + "\"issues\":[{\"status\":\"ERROR\",\"message\":\"down\"}]}";
    other.post("/api/integrations/db-shared/status", report).expect(202);
    owner.post("/api/integrations/db-shared/status", report).expect(202);
    receiver.await("/apono", 1, DeliveryIT.WAIT);
    assertEquals("mine", owner.get(base).expect(200).json().getString("name"));
    assertEquals(1, receiver.at("/apono").size(), "only the owner's report was delivered");
  }

  @Test
  void trutoWebhooksOfAnotherTenantCannotBeChangedDeletedOrTested() {
    String id =
        owner
            .post(
                "/api/webhook",
                "{\"target_url\":\""
                    + receiver.url("/truto")
                    + "\",\"is_active\":true,\"event_types\":[\"record:created\"]}")
            .expect(201)
            .json()
            .getString("id");
    refused(other.get("/api/webhook/" + id), "get");
    refused(other.patch("/api/webhook/" + id, "{\"is_active\":false}"), "patch");
    refused(other.delete("/api/webhook/" + id), "delete");
    refused(other.post("/api/webhook/test", "{\"id\":\"" + id + "\"}"), "test");
    var mine = owner.get("/api/webhook/" + id).expect(200).json();
    assertTrue(mine.getBoolean("is_active"), "still active");
    assertEquals(List.of(), receiver.at("/truto"), "no test was sent");
  }
}
