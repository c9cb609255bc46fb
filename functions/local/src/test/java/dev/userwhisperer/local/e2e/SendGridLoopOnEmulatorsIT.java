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
 * The SendGrid loop on {@code whisperer.backend=emulators}: the bus on the Pub/Sub emulator, the
 * profiles, delivery ledger, sent messages and arm counts on the Firestore emulator, as the
 * deployed functions keep them, in a project of this class's own.
 */
@ExtendWith(GcpEmulators.class)
@DirtiesContext
class SendGridLoopOnEmulatorsIT extends SendGridLoopScenario {
  private static final EmulatorBackend BACKEND = new EmulatorBackend();

  @BeforeAll
  static void emulators(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    BACKEND.started(pubSub, firestore);
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    BACKEND.register(registry, "whisperer-sendgrid-");
  }
}
