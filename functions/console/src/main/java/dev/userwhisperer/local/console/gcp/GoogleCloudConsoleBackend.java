package dev.userwhisperer.local.console.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.appconfig.AppConfigApi;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.decide.Intervention;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.port.ApiKeyStore;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.gcp.BigQueryClients;
import dev.userwhisperer.gcp.FirestoreClients;
import dev.userwhisperer.gcp.FirestoreStores;
import dev.userwhisperer.gcp.GcpAdapters;
import dev.userwhisperer.local.console.BigQueryDashboardReads;
import dev.userwhisperer.local.console.DashboardReads;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.PeriodicRefresh;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What the console reads on Google Cloud: the warehouse's dashboard views and each user's events on
 * BigQuery ({@code whisperer.bigquery-dataset}); apps, profiles, decisions, sent messages and
 * configuration through the Firestore adapters the functions use ({@code whisperer.firestore-db}),
 * in {@code whisperer.gcp-project}; models and their cards in the model bucket the learn job
 * promotes into. The hosts ({@code whisperer.bigquery-host}, {@code
 * whisperer.firestore-emulator-host}, {@code whisperer.storage-host}) are for tests only. Sign-in
 * is IAP's, and nothing else.
 */
@Configuration(proxyBeanMethods = false)
@Import(FirestoreStores.class)
class GoogleCloudConsoleBackend {

  GoogleCloudConsoleBackend(@Value("${whisperer.console.auth:admin-token}") String auth) {
    if (!"iap".equals(auth)) {
      throw new IllegalStateException(
          "the console on Google Cloud signs people in by Identity-Aware Proxy only:"
              + " set whisperer.console.auth=iap (WHISPERER_CONSOLE_AUTH), not "
              + auth);
    }
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  Firestore firestore(
      @Value("${whisperer.gcp-project}") String project,
      @Value("${whisperer.firestore-db:" + FirestoreClients.DEFAULT_DATABASE + "}") String database,
      @Value("${whisperer.firestore-emulator-host:}") String emulatorHost) {
    return FirestoreClients.of(project, database, emulatorHost);
  }

  @Bean
  DashboardReads dashboardReads(
      @Value("${whisperer.gcp-project}") String project,
      @Value("${whisperer.bigquery-dataset}") String dataset,
      @Value("${whisperer.bigquery-host:}") String host) {
    BigQuery bigQuery = BigQueryClients.of(project, host);
    return new BigQueryDashboardReads(bigQuery, dataset);
  }

  @Bean
  MessageHistory messageHistory(Firestore firestore, DecisionLog decisions) {
    return GcpAdapters.messageHistory(firestore, decisions);
  }

  /**
   * The model bucket the learn job promotes into ({@code whisperer.models-bucket}, {@code
   * gs://bucket[/prefix]}), or a directory it is mounted at ({@code whisperer.models-dir}).
   */
  @Bean
  ModelDirectory modelDirectory(
      @Value("${whisperer.models-dir:}") String directory,
      @Value("${whisperer.models-bucket:}") String bucket,
      @Value("${whisperer.storage-host:}") String storageHost) {
    return GcpAdapters.modelDirectory(directory, bucket, storageHost);
  }

  /** The promoted uplift models, loaded as decide loads them, to tell which load and which not. */
  @Bean
  XgboostTreatmentEffectModels treatmentEffectModels(ModelDirectory directory) {
    XgboostTreatmentEffectModels models = new XgboostTreatmentEffectModels(directory);
    models.refresh();
    return models;
  }

  /** The promoted churn models, loaded likewise. */
  @Bean
  LearnedChurnScorers churnModels(ModelDirectory directory) {
    LearnedChurnScorers models = new LearnedChurnScorers(directory, Optional.empty());
    models.refresh();
    return models;
  }

  /** Every minute, as the functions reload them. */
  @Bean(destroyMethod = "close")
  PeriodicRefresh modelRefresh(XgboostTreatmentEffectModels uplift, LearnedChurnScorers churn) {
    return new PeriodicRefresh(
        () -> {
          uplift.refresh();
          churn.refresh();
        },
        Duration.ofMinutes(1));
  }

  @Bean
  AppConfigValidator appConfigValidator() {
    return new AppConfigValidator(
        InterventionCatalog.ALL.stream().map(Intervention::name).collect(Collectors.toSet()));
  }

  @Bean
  AppConfigApi appConfigApi(
      ApiKeyStore keys, AppConfigStore store, AppConfigValidator validator, Clock clock) {
    return new AppConfigApi(new ApiKeyAuthenticator(keys, clock), store, validator, clock);
  }
}
