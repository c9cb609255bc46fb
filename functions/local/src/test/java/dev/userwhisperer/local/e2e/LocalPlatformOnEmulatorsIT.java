package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.gcp.FirestoreEmulator;
import dev.userwhisperer.gcp.GcpEmulators;
import dev.userwhisperer.gcp.PubSubEmulator;
import dev.userwhisperer.local.bus.PipelineBus;
import dev.userwhisperer.local.bus.PubSubPipelineBus;
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
  private static final EmulatorBackend BACKEND = new EmulatorBackend();

  /** Runs before the context starts, which reads the hosts through the property source below. */
  @BeforeAll
  static void emulators(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    BACKEND.started(pubSub, firestore);
  }

  @Test
  @Order(0)
  void runsOnTheEmulatorsBackend(@Autowired PipelineBus bus, @Autowired ProfileStore profiles) {
    assertThat(bus).isInstanceOf(PubSubPipelineBus.class);
    assertThat(profiles.getClass().getSimpleName()).isEqualTo("FirestoreProfileStore");
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    BACKEND.register(registry, "whisperer-e2e-");
  }
}
