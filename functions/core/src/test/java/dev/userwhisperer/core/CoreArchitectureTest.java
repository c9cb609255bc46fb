package dev.userwhisperer.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreArchitectureTest {
  /**
   * The stages in the order data flows through them. An app's configuration comes in through the
   * API beside its events (with ingest's key check) and every later stage may read it. Feedback and
   * the sweep come last: they feed events and signals back in, so they may read what comes before
   * them, and nothing reads them.
   */
  static final List<List<String>> STAGES_IN_ORDER =
      List.of(
          List.of("ingest"),
          List.of("access"),
          List.of("appconfig"),
          List.of("analyze"),
          List.of("decide"),
          List.of("compose"),
          List.of("deliver"),
          List.of("feedback", "schedule"),
          List.of("privacy"));

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

  @Test
  void corePackagesFormNoCycle() {
    slices().matching("..core.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void coreIsLayeredFromWhatStagesHandEachOtherUpToTheStages() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.userwhisperer.core..")
        .layer("message")
        .definedBy("..core.message..")
        .layer("json")
        .definedBy("..core.json..")
        .layer("profile")
        .definedBy("..core.profile..")
        .layer("port")
        .definedBy("..core.port..")
        .layer("learning and warehouse rows")
        .definedBy("..core.learn..", "..core.warehouse..")
        .layer("stages")
        .definedBy(
            STAGES_IN_ORDER.stream()
                .flatMap(List::stream)
                .map(s -> "..core." + s + "..")
                .toArray(String[]::new))
        .whereLayer("stages")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("learning and warehouse rows")
        .mayOnlyBeAccessedByLayers("stages")
        .whereLayer("port")
        .mayOnlyBeAccessedByLayers("learning and warehouse rows", "stages")
        .whereLayer("profile")
        .mayOnlyBeAccessedByLayers("port", "learning and warehouse rows", "stages")
        .whereLayer("json")
        .mayOnlyBeAccessedByLayers("learning and warehouse rows", "stages")
        .check(core);
  }

  @Test
  void noStageDependsOnALaterStage() {
    for (int i = 0; i < STAGES_IN_ORDER.size() - 1; i++) {
      String[] later =
          STAGES_IN_ORDER.subList(i + 1, STAGES_IN_ORDER.size()).stream()
              .flatMap(List::stream)
              .map(s -> "..core." + s + "..")
              .toArray(String[]::new);
      for (String stage : STAGES_IN_ORDER.get(i)) {
        noClasses()
            .that()
            .resideInAPackage("..core." + stage + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(later)
            .because(stage + " comes before " + Arrays.toString(later) + " in the pipeline")
            .check(core);
      }
    }
  }
}
