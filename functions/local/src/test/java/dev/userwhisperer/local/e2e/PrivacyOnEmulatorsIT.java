package dev.userwhisperer.local.e2e;

import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.PubSubEmulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The privacy scenario on the Pub/Sub and Firestore emulators, in a project of its own: after the
 * erasure, every document of the project is searched for the user ({@link StoredText}), beside the
 * SQLite file and the warehouse.
 */
@ExtendWith(GcpEmulators.class)
@DirtiesContext
class PrivacyOnEmulatorsIT extends PrivacyScenario {
  private static final EmulatorBackend BACKEND = new EmulatorBackend();

  @BeforeAll
  static void emulators(PubSubEmulator pubSub, FirestoreEmulator emulator) {
    BACKEND.started(pubSub, emulator);
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    BACKEND.register(registry, "whisperer-privacy-");
  }
}
