package dev.userwhisperer.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.bigquery.BigQuery;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.decide.CachedUpliftModel;
import dev.userwhisperer.core.decide.PersonalUplift;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.decide.UpliftModel;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.UpliftSource;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.models.effect.DailyLearning;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.PeriodicRefresh;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import dev.userwhisperer.models.effect.UpliftPromotion;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The learned side of uplift on Google Cloud: the function {@value #FUNCTION}, which Cloud
 * Scheduler calls daily to recompute the uplift table from the BigQuery view {@code
 * uplift_outcomes} into Firestore and, with a model directory, to train the per-user models; and
 * the model decide ranks with: a promoted per-user model, else that table read through a
 * five-minute cache, falling back to the {@link PriorUpliftModel} where the table has no data.
 */
@Configuration(proxyBeanMethods = false)
class GcpUpliftLearning {
  static final String FUNCTION = "learn";
  static final String MODELS_DIR = "whisperer.models-dir";

  /** Where the model directory is in Cloud Storage ({@code gs://bucket[/prefix]}). */
  static final String MODELS_BUCKET = "whisperer.models-bucket";

  /** Where versions read from the bucket are copied to load (the function's in-memory disk). */
  static final String MODELS_CACHE = "/tmp/whisperer-models";

  static final String STORAGE = "https://storage.googleapis.com";

  /** The Vertex AI region of the Model Registry; blank: promoted versions are not registered. */
  static final String REGISTRY_REGION = "whisperer.vertex-region";

  /**
   * Vertex AI's prebuilt XGBoost serving image, which an upload names (see {@link
   * VertexAiModelRegistry}).
   */
  static final String XGBOOST_IMAGE =
      "europe-docker.pkg.dev/vertex-ai/prediction/xgboost-cpu.2-1:latest";

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
   * The daily learning: the uplift table; then, when {@value #MODELS_DIR} names the model directory
   * (the Cloud Storage bucket mounted read-write), the per-user models trained from the view {@code
   * uplift_training_rows}, judged and promoted there ({@link UpliftModelTraining}); decide's
   * functions load what became live at their next refresh. Answers the table.
   */
  @Bean(FUNCTION)
  Supplier<UpliftTable> learn(
      UpliftSource source,
      UpliftTrainingSource rows,
      UpliftTableStore store,
      Clock clock,
      @Value("${" + MODELS_DIR + ":}") String directory,
      @Value("${" + MODELS_BUCKET + ":}") String bucket,
      @Value("${" + REGISTRY_REGION + ":}") String region,
      @Value("${GOOGLE_CLOUD_PROJECT:}") String project,
      ObjectProvider<GoogleCredentials> credentials) {
    UpliftRefresh table = new UpliftRefresh(source, store, clock);
    Optional<ModelDirectory> found = modelDirectory(directory, bucket, credentials);
    if (found.isEmpty()) {
      return table::refresh;
    }
    ModelDirectory models = found.get();
    Consumer<List<UpliftModelTraining.Attempt>> afterPromotion = promoted -> {};
    if (!bucket.isBlank() && !region.isBlank() && !project.isBlank()) {
      GoogleCredentials scoped =
          credentials.getIfAvailable(VertexChurnConfiguration::applicationDefault);
      afterPromotion =
          new ModelRegistration(
              new VertexAiModelRegistry(
                  HttpClient.newHttpClient(),
                  "https://" + region + "-aiplatform.googleapis.com",
                  project,
                  region,
                  XGBOOST_IMAGE,
                  () -> accessToken(scoped),
                  Duration.ofSeconds(5),
                  60),
              models,
              bucket);
    }
    DailyLearning daily =
        new DailyLearning(
            table,
            new UpliftModelTraining(rows, models, new UpliftPromotion(models, clock), clock),
            afterPromotion);
    return () -> daily.run().table();
  }

  private static String accessToken(GoogleCredentials credentials) {
    try {
      credentials.refreshIfExpired();
      return credentials.getAccessToken().getTokenValue();
    } catch (IOException e) {
      throw new TransientFailure("cannot get an access token for Vertex AI", e);
    }
  }

  /**
   * The model directory: {@value #MODELS_DIR} (environment {@code WHISPERER_MODELS_DIR}), a
   * directory the function can read (a bucket mounted as a volume, or models deployed with the
   * function); else the bucket {@value #MODELS_BUCKET} ({@code WHISPERER_MODELS_BUCKET}, {@code
   * gs://bucket[/prefix]}) over Cloud Storage's JSON API ({@link GcsModelDirectory}), versions
   * copied to {@value #MODELS_CACHE} to load; else none.
   */
  static Optional<ModelDirectory> modelDirectory(
      String directory, String bucket, ObjectProvider<GoogleCredentials> credentials) {
    if (!directory.isBlank()) {
      return Optional.of(new FileModelDirectory(Path.of(directory)));
    }
    if (bucket.isBlank()) {
      return Optional.empty();
    }
    GoogleCredentials scoped =
        credentials.getIfAvailable(VertexChurnConfiguration::applicationDefault);
    return Optional.of(modelBucket(STORAGE, bucket, () -> accessToken(scoped)));
  }

  /**
   * The bucket's model directory over the JSON API at {@code baseUrl}, cached in {@value
   * #MODELS_CACHE}.
   */
  static ModelDirectory modelBucket(String baseUrl, String bucket, Supplier<String> accessToken) {
    return new GcsModelDirectory(
        HttpClient.newHttpClient(), baseUrl, bucket, Path.of(MODELS_CACHE), accessToken);
  }

  /**
   * The promoted per-user uplift models of the model directory ({@link #modelDirectory}), reloaded
   * every minute on a thread of their own; without a directory, none.
   */
  @Bean
  TreatmentEffectModels treatmentEffectModels(
      @Value("${" + MODELS_DIR + ":}") String directory,
      @Value("${" + MODELS_BUCKET + ":}") String bucket,
      ObjectProvider<GoogleCredentials> credentials) {
    Optional<ModelDirectory> found = modelDirectory(directory, bucket, credentials);
    if (found.isEmpty()) {
      return TreatmentEffectModels.NONE;
    }
    XgboostTreatmentEffectModels models = new XgboostTreatmentEffectModels(found.get());
    models.refresh();
    return models;
  }

  @Bean(destroyMethod = "close")
  PeriodicRefreshHolder treatmentEffectModelRefresh(TreatmentEffectModels models) {
    return new PeriodicRefreshHolder(
        models instanceof XgboostTreatmentEffectModels loaded
            ? new PeriodicRefresh(loaded::refresh, Duration.ofMinutes(1))
            : null);
  }

  /** The refresh timer, when there are models to refresh. */
  record PeriodicRefreshHolder(PeriodicRefresh refresh) implements AutoCloseable {
    @Override
    public void close() {
      if (refresh != null) {
        refresh.close();
      }
    }
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
}
