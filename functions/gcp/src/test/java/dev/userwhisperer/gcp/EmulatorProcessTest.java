package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.gcp.EmulatorProcess.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without gcloud or its emulator, emulator tests fail and say how to install them. */
class EmulatorProcessTest {

  @Test
  void missingGcloudFailsWithHowToInstallIt(@TempDir Path emptyDir) {
    assertThatThrownBy(() -> EmulatorProcess.start(Kind.PUBSUB, emptyDir.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gcloud is not on the PATH")
        .hasMessageContaining("gcloud components install beta pubsub-emulator")
        .hasMessageContaining("apt-get install google-cloud-cli-pubsub-emulator");
  }

  @Test
  void gcloudWithoutTheEmulatorComponentFailsWithHowToInstallIt(@TempDir Path sdk)
      throws IOException {
    Path bin = Files.createDirectories(sdk.resolve("bin"));
    Files.createDirectories(sdk.resolve("platform/pubsub-emulator"));
    Path gcloud = Files.writeString(bin.resolve("gcloud"), "#!/bin/sh\nexit 1\n");
    Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> EmulatorProcess.start(Kind.FIRESTORE, bin.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the Firestore emulator is not installed")
        .hasMessageContaining("gcloud components install beta cloud-firestore-emulator")
        .hasMessageContaining("apt-get install google-cloud-cli-firestore-emulator");
  }

  @Test
  void emulatorThatExitsBeforeItIsReadyFailsWithItsOutput(@TempDir Path sdk) throws IOException {
    Path bin = Files.createDirectories(sdk.resolve("bin"));
    Files.createDirectories(sdk.resolve("platform/pubsub-emulator"));
    Path gcloud =
        Files.writeString(
            bin.resolve("gcloud"),
            "#!/bin/sh\necho 'ERROR: (gcloud) component manager is disabled'\nexit 1\n");
    Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> EmulatorProcess.start(Kind.PUBSUB, bin.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with 1 before it was ready")
        .hasMessageContaining("component manager is disabled")
        .hasMessageContaining("gcloud components install");
  }

  @Test
  void anEmulatorJdkGoesFirstOnThePathOfTheEmulatorOnly(@TempDir Path jdk) throws IOException {
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin"));

    EmulatorProcess.emulatorJava(jdk.toString(), environment);

    assertThat(environment)
        .containsEntry("PATH", jdk.resolve("bin") + ":/usr/bin")
        .containsEntry("JAVA_HOME", jdk.toString());
  }

  @Test
  void anEmulatorJdkWithoutJavaFailsNamingTheVariable(@TempDir Path notAJdk) {
    assertThatThrownBy(() -> EmulatorProcess.emulatorJava(notAJdk.toString(), new HashMap<>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(EmulatorProcess.EMULATOR_JAVA_HOME);
  }
}
