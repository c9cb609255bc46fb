package dev.userwhisperer.local.console;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The console is a module of its own that the local runner depends on, never the other way round,
 * and its image on Google Cloud carries neither the runner nor the stages: the console reads what
 * the stages wrote, through the ports and the views, and runs none of them.
 */
class ConsoleArchitectureTest {
  private final JavaClasses console =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.userwhisperer.local.console");

  @Test
  void theConsoleImportsNothingOfTheLocalRunner() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.userwhisperer.local..")
                .and(not(resideInAPackage("dev.userwhisperer.local.console.."))))
        .because(
            "the runner depends on the console (its sign-in and DuckDB reads plug in as beans);"
                + " the console's image on Google Cloud has no runner in it")
        .check(console);
  }

  @Test
  void theConsoleRunsNoStageAndNoProviderClient() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                "dev.userwhisperer.ingest..",
                "dev.userwhisperer.analyze..",
                "dev.userwhisperer.decide..",
                "dev.userwhisperer.compose..",
                "dev.userwhisperer.deliver..",
                "dev.userwhisperer.feedback..",
                "dev.userwhisperer.sweep..",
                "dev.userwhisperer.providers..",
                "com.twilio..",
                "com.sendgrid..",
                "com.google.genai..",
                "org.duckdb..",
                "org.sqlite.."))
        .because("the console shows what the pipeline did; it runs none of it")
        .check(console);
  }

  @Test
  void onlyTheGoogleCloudWiringAndTheBigQueryReadsTouchGoogleCloud() {
    noClasses()
        .that(
            not(
                resideInAPackage("dev.userwhisperer.local.console.gcp..")
                    .or(equivalentTo(BigQueryDashboardReads.class))))
        .should()
        .dependOnClassesThat(resideInAnyPackage("com.google.cloud..", "dev.userwhisperer.gcp.."))
        .because("the pages are the same on the local runner, which reads DuckDB and SQLite")
        .check(console);
  }
}
