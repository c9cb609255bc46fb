package dev.userwhisperer.local;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.Topics;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.ScheduleStore;
import dev.userwhisperer.gcp.FirestoreClients;
import dev.userwhisperer.gcp.GcpAdapters;
import dev.userwhisperer.gcp.PubSubClients;
import dev.userwhisperer.local.bus.BusConfig;
import dev.userwhisperer.local.bus.PubSubPipelineBus;
import dev.userwhisperer.local.time.SimulatedClock;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code whisperer.backend=emulators}: the bus on the Pub/Sub emulator and the stores on the
 * Firestore emulator, through the Google Cloud adapters the deployed functions use, in project
 * {@code whisperer.gcp-project}. The outbox and the warehouse stay embedded ({@link
 * EmbeddedAdapters}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "whisperer.backend", havingValue = "emulators")
class EmulatorBackend {

  @Bean(destroyMethod = "close")
  PubSubClients pubSubClients(
      @Value("${whisperer.gcp-project:whisperer-local}") String project,
      @Value("${whisperer.pubsub-emulator-host}") String emulatorHost) {
    return PubSubClients.emulator(project, emulatorHost);
  }

  @Bean(destroyMethod = "close")
  Firestore firestore(
      @Value("${whisperer.gcp-project:whisperer-local}") String project,
      @Value("${whisperer.firestore-emulator-host}") String emulatorHost) {
    return FirestoreClients.of(project, emulatorHost);
  }

  /** Closed before the clients: stops the subscribers, then sends what the publishers hold. */
  @Bean(destroyMethod = "close")
  PubSubPipelineBus eventBus(PubSubClients clients) {
    return new PubSubPipelineBus(
        clients, GcpAdapters.eventBus(clients), Topics.ALL, BusConfig.DEFAULT, Clock.systemUTC());
  }

  @Bean
  ProfileStore profileStore(Firestore firestore) {
    return GcpAdapters.profileStore(firestore);
  }

  @Bean
  DecisionLog decisionLog(Firestore firestore) {
    return GcpAdapters.decisionLog(firestore);
  }

  @Bean
  ScheduleStore scheduleStore(Firestore firestore) {
    return GcpAdapters.scheduleStore(firestore);
  }

  @Bean
  ApiKeyStore apiKeyStore(Firestore firestore) {
    return GcpAdapters.apiKeyStore(firestore);
  }

  /** Expiry follows the platform clock, as in the embedded store. */
  @Bean
  IngestDedup ingestDedup(Firestore firestore, SimulatedClock clock) {
    return GcpAdapters.ingestDedup(firestore, clock);
  }

  @Bean
  Quarantine quarantine(Firestore firestore) {
    return GcpAdapters.quarantine(firestore);
  }
}
