package dev.webhooks.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;

/**
 * The engine's structure, as the README's architecture section describes it: feature packages in
 * one direction, the style SPI depending on nothing of the engine, adapters using only the engine's
 * boundary and the SPI.
 */
@AnalyzeClasses(packages = "dev.webhooks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule featurePackagesHaveNoCycles =
      slices().matching("dev.webhooks.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule spiDependsOnNothingOfTheEngine =
      noClasses()
          .that()
          .resideInAPackage("dev.webhooks.spi..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.webhooks..").and(not(resideInAPackage("dev.webhooks.spi.."))));

  @ArchTest
  static final ArchRule adaptersUseOnlyTheBoundaryAndTheSpi =
      noClasses()
          .that()
          .resideInAPackage("dev.webhooks.styles..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.webhooks.deliveries.control..",
              "dev.webhooks.endpoints.control..",
              "dev.webhooks.events.control..",
              "dev.webhooks.tenants.control..");

  @ArchTest
  static final ArchRule adaptersDoNotDependOnEachOther =
      slices().matching("dev.webhooks.styles.(*)..").should().notDependOnEachOther();

  @ArchTest
  static final ArchRule theEngineDoesNotKnowTheAdapters =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.webhooks.styles..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.webhooks.styles..");

  /** Transactions are split where they can be seen, never by calling oneself through a proxy. */
  @ArchTest
  static final ArchRule noBeanInjectsItself =
      fields()
          .that()
          .areAnnotatedWith(Inject.class)
          .or()
          .areAnnotatedWith(EJB.class)
          .should(
              new ArchCondition<JavaField>("not have the type of the bean that declares it") {
                @Override
                public void check(JavaField field, ConditionEvents events) {
                  if (field.getRawType().equals(field.getOwner())) {
                    events.add(SimpleConditionEvent.violated(field, field.getFullName()));
                  }
                }
              });
}
