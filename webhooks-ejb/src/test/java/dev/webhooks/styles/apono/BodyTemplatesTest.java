package dev.webhooks.styles.apono;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.spi.LimitExceeded;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyTemplatesTest {
  static final String MODEL =
      "{\"event_type\":\"IntegrationStatusChanged\",\"data\":{\"name\":\"a \\\"b\\\" <c> \\\\ d\","
          + "\"issues\":[{\"message\":\"m1\"},{\"message\":\"m2\"}]}}";

  @Test
  void insertedValuesAreJsonEscapedNotHtmlEscaped() {
    assertEquals(
        "{\"n\": \"a \\\"b\\\" <c> \\\\ d\"}",
        BodyTemplates.render("{\"n\": \"{{data.name}}\"}", MODEL));
  }

  @Test
  void jsonHelperWritesRawJson() {
    assertEquals(
        "[{\"message\":\"m1\"},{\"message\":\"m2\"}]",
        BodyTemplates.render("{{json data.issues}}", MODEL));
  }

  @Test
  void eachIterates() {
    assertEquals(
        "[\"m1\",\"m2\"]",
        BodyTemplates.render(
            "[{{#each data.issues}}{{#if @index}},{{/if}}\"{{message}}\"{{/each}}]", MODEL));
  }

  @Test
  void invalidJsonIsReportedWithItsPlace() {
    var why = BodyTemplates.invalidJson("{\"n\": {{data.name}} }", MODEL);
    assertTrue(why.isPresent());
    assertTrue(why.get().contains("line 1"), why.get());
    assertTrue(
        BodyTemplates.invalidJson(
                AponoConfig.DEFAULT_TEMPLATE, IntegrationStates.sample().toString())
            .isEmpty());
  }

  /** The template that overflowed the engine thread's stack (issue #15), and its relatives. */
  @Test
  void partialsInlinePartialsDecoratorsAndDelimiterChangesAreRefused() {
    String sample = IntegrationStates.sample().toString();
    for (String t :
        new String[] {
          "{\"a\":1}{{#*inline \"p\"}}{{#if @root.data.issues.[1]}}{{> p}}{{/if}}{{/inline}}{{> p}}",
          "{{> p}}",
          "{{~> p}}",
          "{{#> layout}}x{{/layout}}",
          "{{*decorator}}",
          "{{=<% %>=}}",
          "{{{> p}}}"
        }) {
      Optional<String> why = BodyTemplates.invalidJson(t, sample);
      assertTrue(why.isPresent() && why.get().contains("not supported"), t + ": " + why);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BodyTemplates.render(t, MODEL), t);
      assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }
  }

  @Test
  void onlyTheDocumentedHelpersExist() {
    for (String helper : new String[] {"log", "lookup", "embedded", "i18n", "precompile"}) {
      String t = "{\"x\": \"{{" + helper + " data.name \"y\"}}\"}";
      assertThrows(
          IllegalArgumentException.class, () -> BodyTemplates.render(t, MODEL), "helper " + helper);
    }
    assertEquals(
        "yes",
        BodyTemplates.render(
            "{{#with data}}{{#unless missing}}{{#if name}}yes{{/if}}{{/unless}}{{/with}}", MODEL));
  }

  @Test
  void noMethodOfAModelObjectIsCalled() {
    // A bean resolver would call String.getBytes() and getClass(): only map keys resolve.
    assertEquals(
        "[][][]",
        BodyTemplates.render(
            "[{{data.name.bytes}}][{{data.name.class}}][{{data.issues.size}}]", MODEL));
  }

  @Test
  void blocksNestedTooDeepAreRefusedBeforeCompiling() {
    String deep = "{{#if a}}".repeat(9) + "{{/if}}".repeat(9);
    assertTrue(BodyTemplates.unsafe(deep).orElseThrow().contains("more than 8 deep"));
    assertTrue(BodyTemplates.unsafe("{{#if a}}".repeat(8) + "{{/if}}".repeat(8)).isEmpty());
    String parens = "{{json " + "(json ".repeat(9) + "a" + ")".repeat(9) + "}}";
    assertTrue(BodyTemplates.unsafe(parens).orElseThrow().contains("sub-expressions"));
    String many = "{{#each a}}{{/each}}".repeat(1000);
    assertTrue(BodyTemplates.unsafe(many).isEmpty(), "depth, not count, is limited");
  }

  @Test
  void outputOverTheBudgetFailsWithTheLimitNamed() {
    // 2 issues, each writing every issue's message 10 times, four levels deep: 2^4 * 10 items.
    String bomb =
        "[{{#each data.issues}}{{#each @root.data.issues}}{{#each @root.data.issues}}"
            + "{{#each @root.data.issues}}"
            + "\"{{message}}{{message}}{{message}}{{message}}{{message}}\","
            + "{{/each}}{{/each}}{{/each}}{{/each}}\"\"]";
    BodyTemplates.Budget small = new BodyTemplates.Budget(100, Duration.ofSeconds(5));
    LimitExceeded e =
        assertThrows(LimitExceeded.class, () -> BodyTemplates.render(bomb, MODEL, small));
    assertTrue(e.getMessage().contains("WEBHOOKS_TEMPLATE_MAX_OUTPUT"), e.getMessage());
    assertTrue(e.getMessage().contains("100 characters"), e.getMessage());
    // The same template within a larger budget renders.
    String out =
        BodyTemplates.render(bomb, MODEL, new BodyTemplates.Budget(10_000, Duration.ofSeconds(5)));
    assertTrue(out.startsWith("[\"m1m1m1m1m1\","), out);
  }

  @Test
  void aTemplateThatFitsTheSampleButNotTheLargestReportIsRefusedAtSave() {
    // One issue in the sample; the largest report has 100 of 4,000 characters each.
    String quadratic =
        "[{{#each data.issues}}{{#each @root.data.issues}}\"{{message}}\",{{/each}}{{/each}}\"\"]";
    assertTrue(
        BodyTemplates.render(quadratic, IntegrationStates.sample().toString()).startsWith("[\""));
    Optional<String> why =
        BodyTemplates.invalidJson(quadratic, IntegrationStates.sample().toString());
    assertTrue(why.isPresent(), "refused at save");
    assertTrue(why.get().contains("WEBHOOKS_TEMPLATE_MAX_OUTPUT"), why.get());
    assertTrue(why.get().contains("largest status report"), why.get());
  }

  @Test
  void theDefaultTemplateRendersTheLargestReportWithinTheDefaultBudget() {
    // About 0.8 Mi characters in 30 to 40 ms on the build machine, cold.
    String worst = IntegrationStates.worstCaseSample().toString();
    String out = BodyTemplates.render(AponoConfig.DEFAULT_TEMPLATE, worst);
    assertTrue(out.length() > worst.length(), "the whole report is in the body");
    assertTrue(
        BodyTemplates.invalidJson(
                AponoConfig.DEFAULT_TEMPLATE, IntegrationStates.sample().toString())
            .isEmpty());
  }

  @Test
  void aRenderOverItsTimeFailsWithTheLimitNamed() {
    // Nothing is written, so only the clock can stop it: 100^4 iterations of the largest report.
    String slow =
        "{{#each data.issues}}{{#each @root.data.issues}}{{#each @root.data.issues}}"
            + "{{#each @root.data.issues}}{{/each}}{{/each}}{{/each}}{{/each}}";
    BodyTemplates.Budget quick = new BodyTemplates.Budget(1 << 20, Duration.ofMillis(20));
    long t0 = System.nanoTime();
    LimitExceeded e =
        assertThrows(
            LimitExceeded.class,
            () ->
                BodyTemplates.render(slow, IntegrationStates.worstCaseSample().toString(), quick));
    assertTrue(e.getMessage().contains("WEBHOOKS_TEMPLATE_MAX_MILLIS"), e.getMessage());
    assertTrue(
        System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(),
        "stopped near its budget, not after 10^8 iterations");
  }

  /**
   * A placeholder reading a name of a list renders nothing: it is named, with the form that works.
   */
  @Test
  void aPlaceholderThroughAListIsRefusedWithTheFormThatWorks() {
    String sample = IntegrationStates.sample().toString();
    String seed =
        "{\"status\": \"{{data.issues.status}}\", \"message\": \"{{data.issues.message}}\"}";
    Optional<String> why = BodyTemplates.invalidJson(seed, sample);
    assertTrue(why.isPresent());
    assertTrue(
        why.get().startsWith("{{data.issues.status}} reads \"status\" of the list data.issues"),
        why.get());
    assertTrue(why.get().contains("{{#each data.issues}}{{status}}{{/each}}"), why.get());
    for (String fine :
        new String[] {
          "{\"s\": \"{{data.issues.[0].status}}\", \"t\": \"{{data.issues.0.message}}\"}",
          "[{{#each data.issues}}{{#if @index}},{{/if}}\"{{status}}\"{{/each}}]",
          "{\"n\": \"{{data.name}}\", \"all\": {{json data.issues}} }"
        }) {
      assertEquals(Optional.empty(), BodyTemplates.invalidJson(fine, sample), fine);
    }
  }

  /** Placeholders read from the root that print nothing are listed; relative ones are not. */
  @Test
  void unresolvedPlaceholdersAreListed() {
    String sample = IntegrationStates.sample().toString();
    assertEquals(
        java.util.List.of("data.owner", "data.issues.[5].status"),
        BodyTemplates.unresolved(
            "{{data.name}} {{data.owner}} {{data.issues.[5].status}} {{#each data.issues}}"
                + "{{nothing}}{{/each}} {{{data.owner}}}",
            sample));
  }
}
