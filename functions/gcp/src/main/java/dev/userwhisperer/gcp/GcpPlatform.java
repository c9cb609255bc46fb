package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.analyze.AnalyzeConfiguration;
import dev.userwhisperer.compose.ComposeConfiguration;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.decide.DecideConfiguration;
import dev.userwhisperer.deliver.DeliverConfiguration;
import dev.userwhisperer.feedback.FeedbackConfiguration;
import dev.userwhisperer.ingest.IngestConfiguration;
import dev.userwhisperer.sweep.SweepConfiguration;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every stage's configuration on the Google Cloud adapters: the one Spring context of a Cloud
 * Function instance (see {@link FunctionContext}). Settings come from environment variables, which
 * Terraform sets (names in the README); the emulator and stub hosts are for tests only.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({
  IngestConfiguration.class,
  AnalyzeConfiguration.class,
  DecideConfiguration.class,
  ComposeConfiguration.class,
  DeliverConfiguration.class,
  FeedbackConfiguration.class,
  SweepConfiguration.class,
  FirestoreStores.class,
  GcpUpliftLearning.class,
  VertexChurnConfiguration.class,
  GeminiWriterConfiguration.class
})
class GcpPlatform {
  static final String DRY_RUN = "dry-run";

  /** Core's codec, so that Spring Cloud Function converts with the same mapper as the stages. */
  @Bean
  JsonMapper coreJsonMapper() {
    return Json.mapper();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  PubSubClients pubSubClients(
      @Value("${GOOGLE_CLOUD_PROJECT}") String projectId,
      @Value("${PUBSUB_EMULATOR_HOST:}") String emulatorHost) {
    return PubSubClients.of(projectId, emulatorHost);
  }

  @Bean(destroyMethod = "close")
  Firestore firestore(
      @Value("${GOOGLE_CLOUD_PROJECT}") String projectId,
      @Value("${FIRESTORE_DATABASE:}") String database,
      @Value("${FIRESTORE_EMULATOR_HOST:}") String emulatorHost) {
    return FirestoreClients.of(projectId, database, emulatorHost);
  }

  @Bean
  BigQuery bigQuery(
      @Value("${GOOGLE_CLOUD_PROJECT}") String projectId, @Value("${BIGQUERY_HOST:}") String host) {
    return BigQueryClients.of(projectId, host);
  }

  /** Closed at shutdown, which sends what the publishers still hold. */
  @Bean(destroyMethod = "close")
  PubSubEventBus eventBus(PubSubClients clients) {
    return new PubSubEventBus(clients);
  }

  @Bean
  Warehouse warehouse(BigQuery bigQuery, @Value("${WAREHOUSE_DATASET:whisperer}") String dataset) {
    return GcpAdapters.warehouse(bigQuery, dataset);
  }

  @Bean
  FirestoreSentMessages sentMessages(Firestore firestore) {
    return new FirestoreSentMessages(firestore);
  }

  /**
   * Only {@value #DRY_RUN} exists until the provider senders (SendGrid, Twilio, FCM) are written;
   * any other value stops the start rather than silently not sending.
   */
  @Bean
  ChannelSender channelSender(
      @Value("${WHISPERER_DELIVERY:" + DRY_RUN + "}") String delivery,
      FirestoreSentMessages sent,
      Clock clock) {
    if (!DRY_RUN.equals(delivery)) {
      throw new IllegalStateException(
          "WHISPERER_DELIVERY=" + delivery + " is not available; only " + DRY_RUN + " is");
    }
    return new DryRunChannelSender(sent, clock);
  }
}
