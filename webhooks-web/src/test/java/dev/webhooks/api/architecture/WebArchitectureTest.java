package dev.webhooks.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The web resources use only the engine's boundary, its entities and the style SPI. */
@AnalyzeClasses(packages = "dev.webhooks.api", importOptions = ImportOption.DoNotIncludeTests.class)
class WebArchitectureTest {

  @ArchTest
  static final ArchRule resourcesDoNotReachIntoTheEngine =
      noClasses()
          .that()
          .resideInAPackage("dev.webhooks.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.webhooks.deliveries.control..",
              "dev.webhooks.endpoints.control..",
              "dev.webhooks.events.control..",
              "dev.webhooks.tenants.control..",
              "dev.webhooks.schema..");

  @ArchTest
  static final ArchRule apiPackagesHaveNoCycles =
      slices().matching("dev.webhooks.api.(*)..").should().beFreeOfCycles();
}
