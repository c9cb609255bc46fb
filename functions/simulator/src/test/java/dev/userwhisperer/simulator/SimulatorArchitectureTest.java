package dev.userwhisperer.simulator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.userwhisperer.simulator.cli.HttpPlatform;
import dev.userwhisperer.simulator.cli.PlatformProcess;
import org.junit.jupiter.api.Test;

/**
 * The simulator stands outside the platform: it uses no platform class, its model does no I/O at
 * all, and one class, {@link HttpPlatform}, talks to the network.
 */
class SimulatorArchitectureTest {
  private static final JavaClasses SIMULATOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.userwhisperer.simulator");

  @Test
  void usesNothingOfThePlatformButItsHttpApi() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.userwhisperer..")
                .and(resideOutsideOfPackage("dev.userwhisperer.simulator..")))
        .check(SIMULATOR);
  }

  @Test
  void theModelAndTheArmsDoNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.userwhisperer.simulator")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.net..", "java.nio..", "java.sql..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ProcessBuilder.class.getName())
        .check(SIMULATOR);
  }

  /** The response types are hidden: only the oracle among the arms may read a user's traits. */
  @Test
  void onlyTheOracleIsToldTheUsersTraits() {
    noClasses()
        .that()
        .areAssignableTo(Messenger.class)
        .and()
        .doNotHaveFullyQualifiedName(Oracle.class.getName())
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(Traits.class, ResponseType.class)
        .check(SIMULATOR);
  }

  /** PlatformProcess binds a port only to find a free one for the child process. */
  @Test
  void onlyHttpPlatformTalksToTheNetwork() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(HttpPlatform.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(PlatformProcess.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.sql..")
        .check(SIMULATOR);
  }
}
