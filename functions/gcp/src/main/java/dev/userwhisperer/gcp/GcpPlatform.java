package dev.userwhisperer.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.analyze.AnalyzeConfiguration;
import dev.userwhisperer.compose.ComposeConfiguration;
import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.access.AppsAdmin;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.deliver.ForgetUnregisteredPushToken;
import dev.userwhisperer.core.feedback.PreferencePage;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.AuditLog;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.IngestQuota;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Secrets;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.privacy.DecidedMessages;
import dev.userwhisperer.core.privacy.UserDataApi;
import dev.userwhisperer.core.privacy.UserErasure;
import dev.userwhisperer.decide.DecideConfiguration;
import dev.userwhisperer.deliver.DeliverConfiguration;
import dev.userwhisperer.feedback.FeedbackConfiguration;
import dev.userwhisperer.ingest.IngestConfiguration;
import dev.userwhisperer.providers.DeliverySettings;
import dev.userwhisperer.providers.ProviderSenders;
import dev.userwhisperer.sweep.SweepConfiguration;
import dev.userwhisperer.telemetry.MeteredChannelSender;
import dev.userwhisperer.telemetry.PipelineMetrics;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every stage's configuration on the Google Cloud adapters: the one Spring context of a Cloud
 * Function instance (see {@link FunctionContext}). Settings come from environment variables, which
 * Terraform sets (names in the README); the emulator and stub hosts are for tests only.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties(DeliverySettings.class)
@Import({
  IngestConfiguration.class,
  AnalyzeConfiguration.class,
  DecideConfiguration.class,
  ComposeConfiguration.class,
  DeliverConfiguration.class,
  FeedbackConfiguration.class,
  SweepConfiguration.class,
  FirestoreStores.class,
  GcpModelLearning.class,
  VertexChurnConfiguration.class,
  GeminiWriterConfiguration.class,
  GcpAppConfigApi.class,
  GcpTelemetry.class
})
class GcpPlatform {
  /** The status of a message in {@code sent_messages} while a provider is sending it. */
  static final String SENDING = "sending";

  /** Whether ingest keys {@code events} by user (environment WHISPERER_EVENTS_ORDERING_KEYS). */
  static final String EVENTS_ORDERING_KEYS = "whisperer.events.ordering-keys";

  /** Core's codec, so that Spring Cloud Function converts with the same mapper as the stages. */
  @Bean
  JsonMapper coreJsonMapper() {
    return Json.mapper();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * No per-event claim: a replay is published again, and analyze (the profile's applied ids) and
   * the warehouse (the {@code events} view keeps one row per app and messageId) drop it; a claim
   * cost a Firestore read and two writes per event (docs/cost.md).
   */
  @Bean
  IngestDedup ingestDedup() {
    return IngestDedup.NONE;
  }

  /** Ingest's per-app budget, shared by its instances (FirestoreIngestQuota). */
  @Bean
  IngestQuota ingestQuota(
      Firestore firestore, @Value("${whisperer.ingest.quota-shards:20}") int shards) {
    return new FirestoreIngestQuota(
        firestore, shards, () -> ThreadLocalRandom.current().nextInt(shards));
  }

  /** The apps-and-keys admin API (the {@code admin} function); keys' bytes from SecureRandom. */
  @Bean
  AppsAdmin appsAdmin(AppStore apps, ApiKeyStore keys, AuditLog audit, Clock clock) {
    return new AppsAdmin(apps, keys, audit, clock, new SecureRandom());
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

  /**
   * Unordered: Eventarc cannot deliver in order, and unordered messages share publish requests; but
   * {@code events} keyed by user when {@value #EVENTS_ORDERING_KEYS} is true (Terraform sets it
   * where the analyze pull worker reads them: the key routes a user's batches to one worker
   * instance). Closed at shutdown, which sends what the publishers still hold.
   */
  @Bean(destroyMethod = "close")
  PubSubEventBus eventBus(
      PubSubClients clients, @Value("${" + EVENTS_ORDERING_KEYS + ":false}") boolean keyed) {
    return new PubSubEventBus(
        clients,
        keyed ? PubSubEventBus.Ordering.EVENTS_BY_USER : PubSubEventBus.Ordering.UNORDERED);
  }

  /** BigQuery, with each delivery status also moving its message in {@code sent_messages}. */
  @Bean
  Warehouse warehouse(
      BigQuery bigQuery,
      @Value("${WAREHOUSE_DATASET:whisperer}") String dataset,
      FirestoreSentMessages sent) {
    return new SentMessageStatusWarehouse(GcpAdapters.warehouse(bigQuery, dataset), sent);
  }

  /**
   * The BigQuery eraser, beside Firestore's in the erasure's stores; remembers the tables left in
   * the streaming buffer for the learn function to finish.
   */
  @Bean
  @Lazy
  PendingWarehouseErasure warehousePersonalData(
      BigQuery bigQuery,
      @Value("${WAREHOUSE_DATASET:whisperer}") String dataset,
      Firestore firestore) {
    return (PendingWarehouseErasure)
        GcpAdapters.warehousePersonalData(bigQuery, dataset, firestore);
  }

  /**
   * The erasure tombstones: recorded first among the erasure's stores (before anything is deleted),
   * read by analyze's {@code ErasureBarrier} from each instance's copy (docs/privacy.md).
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  FirestoreErasureTombstones erasureTombstones(Firestore firestore, Clock clock) {
    return FirestoreErasureTombstones.of(firestore, clock);
  }

  @Bean
  @Lazy
  UserErasure userErasure(
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail trail,
      List<PersonalDataStore> stores,
      Clock clock) {
    return new UserErasure(profiles, decisions, trail, stores, clock);
  }

  /** The user endpoints, served by the ingest function; an export lists the decided messages. */
  @Bean
  @Lazy
  UserDataApi userDataApi(
      ApiKeyStore keys,
      ProfileStore profiles,
      DecisionLog decisions,
      ConsentTrail trail,
      FirestoreSentMessages sent,
      UserErasure erasure,
      Clock clock) {
    return new UserDataApi(
        new ApiKeyAuthenticator(keys, clock),
        profiles,
        decisions,
        trail,
        new DecidedMessages(decisions, sent),
        erasure);
  }

  @Bean
  FirestoreSentMessages sentMessages(Firestore firestore) {
    return new FirestoreSentMessages(firestore);
  }

  @Bean
  DeliveryLedger deliveryLedger(Firestore firestore) {
    return new FirestoreDeliveryLedger(firestore);
  }

  /**
   * Secrets as Terraform mounts them (environment variables of the function), else, where {@code
   * WHISPERER_SECRET_MANAGER_ENABLED} is true (Terraform sets it), from Secret Manager, whose
   * client starts only when a secret is not in the environment.
   */
  @Bean
  Secrets secrets(
      Environment environment,
      @Value("${whisperer.secret-manager.enabled:false}") boolean secretManagerEnabled,
      ObjectProvider<SecretManagerSecrets> secretManager) {
    Secrets mounted =
        name -> Optional.ofNullable(environment.getProperty(name)).filter(v -> !v.isBlank());
    if (!secretManagerEnabled) {
      return mounted;
    }
    return name -> mounted.find(name).or(() -> secretManager.getObject().find(name));
  }

  @Bean(destroyMethod = "close")
  @Lazy
  SecretManagerSecrets secretManagerSecrets(@Value("${GOOGLE_CLOUD_PROJECT}") String projectId) {
    return SecretManagerSecrets.googleCloud(projectId);
  }

  /**
   * The keys of link tokens; a function that makes or reads links (compose, feedback) does not
   * start without them, and one that does not (deliver sends the headers compose wrote) never reads
   * them.
   */
  @Bean
  @Lazy
  LinkTokens linkTokens(Secrets secrets) {
    return LinkTokens.parse(secrets.require(LinkTokens.SECRET));
  }

  /**
   * The preference page of the messages' links, served by the feedback function; the same limit as
   * the links (each client address 5 pages a second after a burst of 50, on real time).
   */
  @Bean
  @Lazy
  PreferencePage preferencePage(
      LinkTokens tokens,
      FirestoreSentMessages sent,
      ProfileStore profiles,
      EventBus bus,
      Clock clock) {
    return new PreferencePage(
        tokens, sent, profiles, bus, new EventRateLimiter(5, 50, System::nanoTime), clock);
  }

  /**
   * The providers {@code WHISPERER_DELIVERY_ROUTES} names per app and channel; the dry run for the
   * rest (everything, by default), which sends nothing and records what would have been sent.
   */
  @Bean
  ChannelSender channelSender(
      DeliverySettings settings,
      Secrets secrets,
      FirestoreSentMessages sent,
      ProfileStore profiles,
      AppConfigStore appConfigs,
      Clock clock,
      PipelineMetrics metrics,
      @Value("${whisperer.public-base-url:http://localhost:8080}") String publicBaseUrl) {
    return new MeteredChannelSender(
        ProviderSenders.build(
            settings,
            secrets,
            new ProviderSenders.Collaborators(
                new DryRunChannelSender(sent, clock),
                publicBaseUrl,
                message -> sent.record(message, SENDING, clock.instant()),
                new ForgetUnregisteredPushToken(profiles),
                appConfigs),
            clock),
        metrics);
  }
}
