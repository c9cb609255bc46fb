package dev.userwhisperer.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.bigquery.BigQuery;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.CachedUpliftModel;
import dev.userwhisperer.core.decide.PersonalUplift;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.models.TrainingConfig;
import dev.userwhisperer.models.bigquery.BigQueryEventSource;
import dev.userwhisperer.models.churn.ChurnModelTraining;
import dev.userwhisperer.models.churn.ChurnPromotion;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.effect.DailyLearning;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.PeriodicRefresh;
import dev.userwhisperer.models.effect.RetrainRule;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import dev.userwhisperer.models.effect.UpliftPromotion;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import dev.userwhisperer.telemetry.MeteredChurnScorer;
import dev.userwhisperer.telemetry.PipelineMetrics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The learned models on Google Cloud. The function {@value #FUNCTION}, which Cloud Scheduler calls
 * daily, recomputes the uplift table from the BigQuery view {@code uplift_outcomes} into Firestore
 * and, with a model directory, trains per app the per-user uplift models (from the view {@code
 * uplift_training_rows}) and the churn model (from the {@code events} table), judges them and
 * promotes the better ones there, registering each promoted version in the Vertex AI Model
 * Registry. The functions that score load the live versions in-process, so that no prediction costs
 * a call: decide ranks with a promoted per-user model, else the uplift table read through a
 * five-minute cache, else the {@link PriorUpliftModel}; analyze scores churn with the app's
 * promoted churn model, else the Vertex AI endpoint when one is configured. Loaded models are
 * reloaded every minute on a thread of their own, started with them.
 */
@Configuration(proxyBeanMethods = false)
class GcpModelLearning {
  static final String FUNCTION = "learn";
  static final String MODELS_DIR = "whisperer.models-dir";

  /** Where the model directory is in Cloud Storage ({@code gs://bucket[/prefix]}). */
  static final String MODELS_BUCKET = "whisperer.models-bucket";

  /**
   * Where versions read from the bucket are copied to load; by default under the function's
   * in-memory disk, {@code /tmp}.
   */
  static final String MODELS_CACHE = "whisperer.models-cache";

  static final String DEFAULT_MODELS_CACHE = "/tmp/whisperer-models";

  /** Cloud Storage's JSON API. */
  static final String STORAGE = "https://storage.googleapis.com";

  /** The Vertex AI region of the Model Registry; blank: promoted versions are not registered. */
  static final String REGISTRY_REGION = "whisperer.vertex-region";

  /** How often the scoring functions look for newly promoted versions. */
  static final Duration REFRESH = Duration.ofMinutes(1);

  /**
   * Vertex AI's prebuilt XGBoost serving image, which an upload names (see {@link
   * VertexAiModelRegistry}).
   */
  static final String XGBOOST_IMAGE =
      "europe-docker.pkg.dev/vertex-ai/prediction/xgboost-cpu.2-1:latest";

  private static final Logger log = LoggerFactory.getLogger(GcpModelLearning.class);

  @Bean
  UpliftSource upliftSource(
      BigQuery bigQuery, @Value("${WAREHOUSE_DATASET:whisperer}") String dataset) {
    return GcpAdapters.upliftSource(bigQuery, dataset);
  }

  @Bean
  UpliftTrainingSource upliftTrainingSource(
      BigQuery bigQuery, @Value("${WAREHOUSE_DATASET:whisperer}") String dataset) {
    return GcpAdapters.upliftTrainingSource(bigQuery, dataset);
  }

  /**
   * The model directory: {@value #MODELS_DIR} (environment {@code WHISPERER_MODELS_DIR}), a
   * directory the function can read (a bucket mounted as a volume, or models deployed with the
   * function); else the bucket {@value #MODELS_BUCKET} ({@code WHISPERER_MODELS_BUCKET}, {@code
   * gs://bucket[/prefix]}) over Cloud Storage's JSON API ({@link GcsModelDirectory}), versions
   * copied to {@value #MODELS_CACHE} (default {@code /tmp/whisperer-models}) to load. Without
   * either there is none, and no model is trained or loaded.
   */
  @Bean
  @Conditional(ModelDirectoryConfigured.class)
  ModelDirectory modelDirectory(
      @Value("${" + MODELS_DIR + ":}") String directory,
      @Value("${" + MODELS_BUCKET + ":}") String bucket,
      @Value("${" + MODELS_CACHE + ":" + DEFAULT_MODELS_CACHE + "}") Path cache,
      @Value("${STORAGE_HOST:" + STORAGE + "}") String storageHost,
      ObjectProvider<GoogleCredentials> credentials) {
    return modelDirectory(
        directory,
        bucket,
        cache,
        storageHost,
        () -> credentials.getIfAvailable(VertexChurnConfiguration::applicationDefault));
  }

  /**
   * {@code directory} when not blank, else the bucket over the JSON API at {@code storageHost},
   * with an access token of the credentials (asked for once, when the first object is read).
   */
  static ModelDirectory modelDirectory(
      String directory,
      String bucket,
      Path cache,
      String storageHost,
      Supplier<GoogleCredentials> credentials) {
    if (!directory.isBlank()) {
      return new FileModelDirectory(Path.of(directory));
    }
    Supplier<GoogleCredentials> scoped = memoized(credentials);
    return new GcsModelDirectory(
        HttpClient.newHttpClient(),
        storageHost,
        bucket,
        cache,
        () -> accessToken(scoped.get(), "Cloud Storage"));
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    AtomicReference<T> value = new AtomicReference<>();
    return () -> value.updateAndGet(v -> v != null ? v : supplier.get());
  }

  /**
   * The daily learning: the uplift table; then, with a model directory, per app the per-user uplift
   * models ({@link UpliftModelTraining}) and the churn model ({@link ChurnModelTraining}: the same
   * thresholds, time-based holdout, floor and beat-the-live rule as locally), judged and promoted
   * there; with {@value #REGISTRY_REGION} and a bucket, each promoted version is registered in the
   * Vertex AI Model Registry. The scoring functions load what became live at their next refresh.
   * Answers the table.
   */
  @Bean(FUNCTION)
  Supplier<UpliftTable> learn(
      UpliftSource source,
      UpliftTrainingSource rows,
      UpliftTableStore store,
      BigQuery bigQuery,
      Clock clock,
      ObjectProvider<ModelDirectory> directory,
      @Value("${WAREHOUSE_DATASET:whisperer}") String dataset,
      @Value("${" + MODELS_BUCKET + ":}") String bucket,
      @Value("${" + REGISTRY_REGION + ":}") String region,
      @Value("${GOOGLE_CLOUD_PROJECT:}") String project,
      @Value("${VERTEX_HOST:}") String vertexHost,
      ObjectProvider<GoogleCredentials> credentials) {
    UpliftRefresh table = new UpliftRefresh(source, store, clock);
    ModelDirectory models = directory.getIfAvailable();
    if (models == null) {
      return table::refresh;
    }
    Consumer<List<UpliftModelTraining.Attempt>> afterUplift = promoted -> {};
    Consumer<List<ChurnModelTraining.Attempt>> afterChurn = promoted -> {};
    if (!bucket.isBlank() && !region.isBlank() && !project.isBlank()) {
      GoogleCredentials scoped =
          credentials.getIfAvailable(VertexChurnConfiguration::applicationDefault);
      ModelRegistration registration =
          new ModelRegistration(
              new VertexAiModelRegistry(
                  HttpClient.newHttpClient(),
                  vertexHost.isBlank()
                      ? "https://" + region + "-aiplatform.googleapis.com"
                      : vertexHost,
                  project,
                  region,
                  XGBOOST_IMAGE,
                  () -> accessToken(scoped, "Vertex AI"),
                  Duration.ofSeconds(5),
                  60),
              models,
              bucket);
      afterUplift = registration::uplift;
      afterChurn = registration::churn;
    }
    BigQueryEventSource eventsAndDecisions =
        new BigQueryEventSource(bigQuery, projectOf(bigQuery) + "." + dataset);
    ChurnModelTraining churn =
        new ChurnModelTraining(
            eventsAndDecisions,
            eventsAndDecisions,
            models,
            new ChurnPromotion(models, clock),
            TrainingConfig.DEFAULT,
            clock,
            RetrainRule.DEFAULT);
    DailyLearning daily =
        new DailyLearning(
            table,
            new UpliftModelTraining(
                rows, models, new UpliftPromotion(models, clock), clock, RetrainRule.DEFAULT),
            afterUplift,
            Optional.of(churn),
            afterChurn);
    return () -> {
      DailyLearning.Result result = daily.run();
      for (ChurnModelTraining.Attempt a : result.churnAttempts()) {
        log.info(
            "churn model of app {}: {} version {} ({})",
            a.appId(),
            a.status(),
            a.version(),
            a.verdict() == null ? a.status() : a.verdict().reason());
      }
      return result.table();
    };
  }

  /** The project the client queries in, which qualifies the dataset. */
  private static String projectOf(BigQuery bigQuery) {
    return bigQuery.getOptions().getProjectId();
  }

  private static String accessToken(GoogleCredentials credentials, String service) {
    try {
      credentials.refreshIfExpired();
      return credentials.getAccessToken().getTokenValue();
    } catch (IOException e) {
      throw new TransientFailure("cannot get an access token for " + service, e);
    }
  }

  /** Models loaded in-process and the timer that reloads them, which stops with the context. */
  record Refreshing<T>(T models, PeriodicRefresh timer) implements AutoCloseable {
    @Override
    public void close() {
      timer.close();
    }
  }

  /** The promoted per-user uplift models of the model directory, reloaded every minute. */
  @Bean(destroyMethod = "close")
  @Conditional(ModelDirectoryConfigured.class)
  Refreshing<XgboostTreatmentEffectModels> upliftModels(ModelDirectory directory) {
    XgboostTreatmentEffectModels models = new XgboostTreatmentEffectModels(directory);
    models.refresh();
    return new Refreshing<>(models, new PeriodicRefresh(models::refresh, REFRESH));
  }

  /** The loaded per-user uplift models; without a model directory, none. */
  @Bean
  TreatmentEffectModels treatmentEffectModels(
      ObjectProvider<Refreshing<XgboostTreatmentEffectModels>> loaded) {
    Refreshing<XgboostTreatmentEffectModels> models = loaded.getIfAvailable();
    return models == null ? TreatmentEffectModels.NONE : models.models();
  }

  /**
   * Each app's promoted churn model of the model directory, reloaded every minute; an app without
   * one is scored by the Vertex AI endpoint, when one is configured ({@link
   * VertexChurnConfiguration}).
   */
  @Bean(destroyMethod = "close")
  @Conditional(ModelDirectoryConfigured.class)
  Refreshing<LearnedChurnScorers> churnModels(
      ModelDirectory directory, ObjectProvider<VertexAiChurnScorer> endpoint) {
    LearnedChurnScorers scorers =
        new LearnedChurnScorers(directory, Optional.ofNullable(endpoint.getIfAvailable()));
    scorers.refresh();
    return new Refreshing<>(scorers, new PeriodicRefresh(scorers::refresh, REFRESH));
  }

  /**
   * The churn scorer analyze uses: the learned models (and the endpoint for apps without one);
   * without a model directory, the endpoint alone. Each score counts on {@code
   * whisperer.model.predictions} with {@code kind="churn"} and the version that scored.
   */
  @Bean
  @Primary
  @Conditional(ChurnScoringConfigured.class)
  ChurnScorer churnScorer(
      ObjectProvider<Refreshing<LearnedChurnScorers>> learned,
      ObjectProvider<VertexAiChurnScorer> endpoint,
      PipelineMetrics metrics) {
    Refreshing<LearnedChurnScorers> models = learned.getIfAvailable();
    ChurnScorer scorer = models != null ? models.models() : endpoint.getObject();
    return new MeteredChurnScorer(scorer, metrics);
  }

  /** {@code GET /v1/models}, which the {@code appconfig} function serves. */
  @Bean
  GcpModelsApi modelsApi(
      ApiKeyAuthenticator authenticator,
      ObjectProvider<ModelDirectory> directory,
      ObjectProvider<Refreshing<XgboostTreatmentEffectModels>> uplift,
      ObjectProvider<Refreshing<LearnedChurnScorers>> churn) {
    return new GcpModelsApi(authenticator, directory, uplift, churn);
  }

  /**
   * The model decide ranks with: an app's promoted per-user model of the intervention; where there
   * is none, the learned table; where it has no data, the {@link PriorUpliftModel}.
   */
  @Bean
  @Primary
  UpliftModel upliftModel(UpliftTableStore store, Clock clock, TreatmentEffectModels models) {
    return new PersonalUplift(
        new CachedUpliftModel(
            store,
            new PriorUpliftModel(),
            UpliftEstimator.DEFAULT,
            clock,
            CachedUpliftModel.DEFAULT_MAX_AGE),
        models,
        LifecycleThresholds.DEFAULTS);
  }

  /** {@value #MODELS_DIR} or {@value #MODELS_BUCKET} is set. */
  static final class ModelDirectoryConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return set(context, MODELS_DIR) || set(context, MODELS_BUCKET);
    }
  }

  /** A model directory or a Vertex AI endpoint is configured. */
  static final class ChurnScoringConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return set(context, MODELS_DIR)
          || set(context, MODELS_BUCKET)
          || set(context, VertexChurnConfiguration.ENDPOINT);
    }
  }

  private static boolean set(ConditionContext context, String property) {
    String value = context.getEnvironment().getProperty(property);
    return value != null && !value.isBlank();
  }
}
