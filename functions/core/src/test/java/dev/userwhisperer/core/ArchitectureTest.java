package dev.userwhisperer.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final JavaClasses core =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.userwhisperer.core");

  @Test
  void coreImportsNoFrameworkCloudOrProviderClass() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.google..",
            "com.sendgrid..",
            "com.twilio..",
            "com.google.firebase..",
            "java.sql..",
            "org.duckdb..",
            "org.sqlite..")
        .because("core holds the domain and the ports; adapters live in their own modules")
        .check(core);
  }

  @Test
  void coreNeverReadsTheSystemClockOrRandomIds() {
    noClasses()
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.util.UUID.class, "randomUUID")
        .because("time and ids are injected, so that simulations can run 30 days in minutes")
        .check(core);
  }
}
