package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PubSubClientsTest {

  @Test
  void emulatorHostSwitchesToTheEmulatorAndBlankMeansGoogleCloud() throws Exception {
    try (PubSubClients emulator = PubSubClients.of("p", "127.0.0.1:8085");
        PubSubClients unset = PubSubClients.of("p", null);
        PubSubClients blank = PubSubClients.of("p", " ")) {
      assertThat(emulator.onEmulator()).isTrue();
      assertThat(unset.onEmulator()).isFalse();
      assertThat(blank.onEmulator()).isFalse();
      assertThat(emulator.projectId()).isEqualTo("p");
    }
  }
}
