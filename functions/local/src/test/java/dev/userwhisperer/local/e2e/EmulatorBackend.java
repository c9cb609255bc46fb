package dev.userwhisperer.local.e2e;

import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.PubSubEmulator;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The local runner on {@code whisperer.backend=emulators} for one test class: the emulators' hosts,
 * known once {@code GcpEmulators} has started them in the class's {@code @BeforeAll}, and a project
 * of the class's own, so that earlier runs' documents and subscriptions do not meet it. The
 * properties are read lazily, when the context starts, which is after {@code @BeforeAll}.
 */
final class EmulatorBackend {
  private final AtomicReference<String> pubSub = new AtomicReference<>();
  private final AtomicReference<String> firestore = new AtomicReference<>();

  void started(PubSubEmulator pubSubEmulator, FirestoreEmulator firestoreEmulator) {
    pubSub.set(pubSubEmulator.hostPort());
    firestore.set(firestoreEmulator.hostPort());
  }

  void register(DynamicPropertyRegistry registry, String projectPrefix) {
    registry.add("whisperer.backend", () -> "emulators");
    registry.add("whisperer.pubsub-emulator-host", pubSub::get);
    registry.add("whisperer.firestore-emulator-host", firestore::get);
    registry.add("whisperer.gcp-project", () -> projectPrefix + ProcessHandle.current().pid());
  }
}
