package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AponoConfigTest {
  private static AponoConfig of(AponoConfig.Auth auth, List<ResponseValidators.Validator> rv) {
    Validation v = new Validation();
    AponoConfig c =
        AponoConfig.of("n", null, null, "https://x", null, auth, null, null, null, null, rv, v);
    v.throwIfInvalid();
    return c;
  }

  private static String failure(Runnable r) {
    return assertThrows(ApiFailure.class, r::run).getMessage();
  }

  @Test
  void absentFieldsTakeTheirDefaults() {
    AponoConfig c = of(null, null);
    assertTrue(c.active());
    assertEquals("POST", c.method());
    assertEquals(AponoConfig.DEFAULT_TEMPLATE, c.bodyTemplate());
    assertEquals("NONE", c.auth().type());
    assertEquals(List.of("ERROR", "WARNING"), c.statuses());
    assertEquals(List.of(), c.integrationIds());
    assertEquals(10, c.timeoutSeconds());
    assertEquals(List.of(), c.validators());
  }

  @Test
  void eachAuthenticationTypeNeedsItsFieldsAndMaskedSecretsReadAsNotSent() {
    Validation v = new Validation();
    AponoConfig.Auth.of("BEARER", null, null, null, null, null, null, null, v);
    AponoConfig.Auth.of("OAUTH", null, null, null, null, null, null, null, v);
    AponoConfig.Auth.of("CUSTOM", null, null, null, null, null, Map.of(), null, v);
    String errors = failure(v::throwIfInvalid);
    for (String field :
        List.of(
            "authentication.token",
            "authentication.clientId",
            "authentication.clientSecret",
            "authentication.tokenUrl",
            "authentication.headers")) {
      assertTrue(errors.contains(field), errors);
    }

    Validation ok = new Validation();
    assertNull(
        AponoConfig.Auth.of("BEARER", "****", null, null, null, null, null, null, ok).token());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("A", "****");
    headers.put("B", "b");
    AponoConfig.Auth custom =
        AponoConfig.Auth.of("CUSTOM", null, null, null, null, null, headers, null, ok);
    assertNull(custom.headers().get("A"));
    assertEquals("b", custom.headers().get("B"));
    AponoConfig.Auth oauth =
        AponoConfig.Auth.of("OAUTH", "ignored", "c", "****", "https://t", null, null, null, ok);
    assertNull(oauth.clientSecret());
    assertNull(oauth.token(), "fields of other types are ignored");
    assertEquals(List.of(), oauth.scopes());
    assertTrue(ok.ok());
  }

  @Test
  void validatorPathsMustBeJsonPathFromTheRoot() {
    String errors =
        failure(
            () ->
                of(
                    null,
                    List.of(
                        new ResponseValidators.Validator("$.data.status", List.of("ok")),
                        new ResponseValidators.Validator("data.status", List.of("ok")),
                        new ResponseValidators.Validator("$[", List.of("ok")))));
    assertTrue(!errors.contains("responseValidators[0]"), errors);
    assertTrue(errors.contains("responseValidators[1].jsonPath"), errors);
    assertTrue(errors.contains("responseValidators[2].jsonPath"), errors);
  }
}
