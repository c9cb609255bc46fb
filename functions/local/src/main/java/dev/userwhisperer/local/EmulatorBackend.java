package dev.userwhisperer.local;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.gcp.FirestoreClients;
import dev.userwhisperer.gcp.FirestoreStores;
import dev.userwhisperer.gcp.GcpAdapters;
import dev.userwhisperer.gcp.PubSubClients;
import dev.userwhisperer.local.bus.BusConfig;
import dev.userwhisperer.local.bus.PubSubPipelineBus;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code whisperer.backend=emulators}: the bus on the Pub/Sub emulator and the stores on the
 * Firestore emulator, through the Google Cloud adapters the deployed functions use, in project
 * {@code whisperer.gcp-project}. The outbox and the warehouse stay embedded ({@link
 * EmbeddedAdapters}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "whisperer.backend", havingValue = "emulators")
@Import(FirestoreStores.class)
class EmulatorBackend {

  @Bean(destroyMethod = "close")
  PubSubClients pubSubClients(
      @Value("${whisperer.gcp-project:whisperer-local}") String project,
      @Value("${whisperer.pubsub-emulator-host}") String emulatorHost) {
    return PubSubClients.emulator(project, emulatorHost);
  }

  /**
   * Claims on Firestore, so that a replay is answered {@code duplicate} as on the embedded backend.
   */
  @Bean
  IngestDedup ingestDedup(Firestore firestore, Clock clock) {
    return GcpAdapters.ingestDedup(firestore, clock);
  }

  @Bean(destroyMethod = "close")
  Firestore firestore(
      @Value("${whisperer.gcp-project:whisperer-local}") String project,
      @Value("${whisperer.firestore-emulator-host}") String emulatorHost) {
    return FirestoreClients.of(project, emulatorHost);
  }

  /**
   * Closed before the clients: stops the subscribers, then sends what the publishers hold. Pub/Sub
   * delivers when it will, so a reproducible platform is refused.
   */
  @Bean(destroyMethod = "close")
  PubSubPipelineBus eventBus(PubSubClients clients, LocalProperties properties) {
    if (properties.reproducible()) {
      throw new IllegalStateException(
          "whisperer.reproducible needs whisperer.backend=embedded: Pub/Sub delivers in its own"
              + " time");
    }
    return new PubSubPipelineBus(
        clients, GcpAdapters.eventBus(clients), Topics.ALL, BusConfig.DEFAULT, Clock.systemUTC());
  }
}
