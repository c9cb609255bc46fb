package dev.userwhisperer.gcp;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.AppStore;
import dev.userwhisperer.core.port.ArmStatistics;
import dev.userwhisperer.core.port.AuditLog;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.IngestDedup;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Quarantine;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.models.effect.ModelDirectory;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The Google Cloud adapters of the core ports, for the functions' wiring; the adapter classes stay
 * package-private. The clients come from {@link PubSubClients}, {@link FirestoreClients} and {@link
 * BigQueryClients}, so that wiring can replace them. Adapters that hold resources are {@link
 * AutoCloseable} (the event bus's publishers): close them at shutdown to flush what is outstanding.
 */
public final class GcpAdapters {
  private GcpAdapters() {}

  /** Ordered by each message's ordering key (the local runner's bus on the emulator). */
  public static EventBus eventBus(PubSubClients clients) {
    return new PubSubEventBus(clients, PubSubEventBus.Ordering.ORDERED);
  }

  /**
   * Remembers messageIds for {@link FirestoreIngestDedup#DEFAULT_RETENTION} (7 days): the local
   * runner's emulator backend, which answers a replay {@code duplicate} as the embedded one does.
   * The Cloud Functions claim nothing ({@code IngestDedup.NONE}, docs/cost.md).
   */
  public static IngestDedup ingestDedup(Firestore firestore, Clock clock) {
    return new FirestoreIngestDedup(firestore, clock, FirestoreIngestDedup.DEFAULT_RETENTION);
  }

  public static ProfileStore profileStore(Firestore firestore) {
    return new FirestoreProfileStore(firestore);
  }

  public static DecisionLog decisionLog(Firestore firestore) {
    return new FirestoreDecisionLog(firestore);
  }

  /** The app-wide arm counts on Firestore, read at most every half minute per instance and app. */
  public static ArmStatistics armStatistics(Firestore firestore) {
    return new CachedArmStatistics(
        new FirestoreArmStatistics(firestore), System::nanoTime, CachedArmStatistics.MAX_AGE);
  }

  public static ConsentTrail consentTrail(Firestore firestore) {
    return new FirestoreConsentTrail(firestore);
  }

  /** Erases a user from every Firestore store. */
  public static PersonalDataStore personalData(Firestore firestore) {
    return new FirestorePersonalData(firestore);
  }

  public static ApiKeyStore apiKeyStore(Firestore firestore) {
    return new FirestoreApiKeyStore(firestore);
  }

  public static AppStore appStore(Firestore firestore) {
    return new FirestoreAppStore(firestore);
  }

  public static AuditLog auditLog(Firestore firestore) {
    return new FirestoreAuditLog(firestore);
  }

  public static Quarantine quarantine(Firestore firestore) {
    return new FirestoreQuarantine(firestore);
  }

  public static UpliftTableStore upliftTableStore(Firestore firestore) {
    return new FirestoreUpliftTableStore(firestore);
  }

  /** The messages in {@code sent_messages}, a user's found through the user's decisions. */
  public static MessageHistory messageHistory(Firestore firestore, DecisionLog decisions) {
    return new FirestoreMessageHistory(firestore, decisions);
  }

  /**
   * The model directory of the functions: {@code directory} when not blank (a mounted bucket), else
   * the bucket {@code gs://bucket[/prefix]} over Cloud Storage's JSON API with the application
   * default credentials, or, when {@code storageHost} is not blank, over a stub of that API at that
   * base URL (tests), with a placeholder token.
   *
   * @throws IllegalArgumentException when both {@code directory} and {@code bucket} are blank
   */
  public static ModelDirectory modelDirectory(String directory, String bucket, String storageHost) {
    if (directory.isBlank() && bucket.isBlank()) {
      throw new IllegalArgumentException(
          "no model directory: set "
              + GcpModelLearning.MODELS_BUCKET
              + " (gs://bucket[/prefix]) or "
              + GcpModelLearning.MODELS_DIR);
    }
    boolean stub = !storageHost.isBlank();
    return GcpModelLearning.modelDirectory(
        directory,
        bucket,
        Path.of(GcpModelLearning.DEFAULT_MODELS_CACHE),
        stub ? storageHost : GcpModelLearning.STORAGE,
        stub ? GcpAdapters::stubCredentials : VertexChurnConfiguration::applicationDefault);
  }

  private static GoogleCredentials stubCredentials() {
    return GoogleCredentials.create(new AccessToken("stub-token", null));
  }

  public static AppConfigStore appConfigStore(Firestore firestore) {
    return new FirestoreAppConfigStore(firestore);
  }

  /**
   * @param dataset the BigQuery dataset of the view {@code uplift_outcomes}
   */
  public static UpliftSource upliftSource(BigQuery bigQuery, String dataset) {
    return new BigQueryUpliftSource(bigQuery, dataset);
  }

  /**
   * @param dataset the BigQuery dataset of the view {@code uplift_training_rows}
   */
  public static UpliftTrainingSource upliftTrainingSource(BigQuery bigQuery, String dataset) {
    return new BigQueryUpliftTrainingSource(bigQuery, dataset);
  }

  /**
   * Erases a user from the BigQuery dataset: a tombstone, then DML deletes; tables whose rows are
   * still in the streaming buffer are remembered in Firestore {@code pending_erasures} until the
   * daily learn function erases them again.
   *
   * @param dataset the BigQuery dataset of the tables, {@code whisperer} in Terraform
   */
  public static PersonalDataStore warehousePersonalData(
      BigQuery bigQuery, String dataset, Firestore firestore) {
    return new PendingWarehouseErasure(new BigQueryPersonalData(bigQuery, dataset), firestore);
  }

  public static Warehouse warehouse(BigQuery bigQuery, String dataset) {
    return new BigQueryWarehouse(bigQuery, dataset);
  }
}
