package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.PubSubEmulator;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.bus.PubSubPipelineBus;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The end-to-end scenario on {@code whisperer.backend=emulators}: the bus on the Pub/Sub emulator
 * and the stores on the Firestore emulator, in a project of this run's own so that earlier runs'
 * documents and subscriptions do not meet it. The context is closed after the class, so that its
 * subscribers stop before the emulators do.
 */
@ExtendWith(GcpEmulators.class)
@DirtiesContext
class LocalPlatformOnEmulatorsIT extends LocalPlatformScenario {
  private static final AtomicReference<String> PUBSUB = new AtomicReference<>();
  private static final AtomicReference<String> FIRESTORE = new AtomicReference<>();

  /** Runs before the context starts, which reads the hosts through the property source below. */
  @BeforeAll
  static void emulators(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    PUBSUB.set(pubSub.hostPort());
    FIRESTORE.set(firestore.hostPort());
  }

  @Test
  @Order(0)
  void runsOnTheEmulatorsBackend(@Autowired PipelineBus bus, @Autowired ProfileStore profiles) {
    assertThat(bus).isInstanceOf(PubSubPipelineBus.class);
    assertThat(profiles.getClass().getSimpleName()).isEqualTo("FirestoreProfileStore");
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    registry.add("whisperer.backend", () -> "emulators");
    registry.add("whisperer.pubsub-emulator-host", PUBSUB::get);
    registry.add("whisperer.firestore-emulator-host", FIRESTORE::get);
    registry.add("whisperer.gcp-project", () -> "whisperer-e2e-" + ProcessHandle.current().pid());
  }
}
