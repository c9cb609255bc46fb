package dev.userwhisperer.local.e2e;

import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.PubSubEmulator;
import java.util.concurrent.atomic.AtomicReference;
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
  private static final AtomicReference<String> PUBSUB = new AtomicReference<>();
  private static final AtomicReference<String> FIRESTORE = new AtomicReference<>();

  @BeforeAll
  static void emulators(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    PUBSUB.set(pubSub.hostPort());
    FIRESTORE.set(firestore.hostPort());
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    registry.add("whisperer.backend", () -> "emulators");
    registry.add("whisperer.pubsub-emulator-host", PUBSUB::get);
    registry.add("whisperer.firestore-emulator-host", FIRESTORE::get);
    registry.add(
        "whisperer.gcp-project", () -> "whisperer-sendgrid-" + ProcessHandle.current().pid());
  }
}
