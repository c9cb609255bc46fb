package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.bigquery.BigQuery;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.UpliftTableStore;
import dev.userwhisperer.core.testing.InMemoryApiKeyStore;
import dev.userwhisperer.core.testing.InMemoryUpliftTableStore;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import dev.userwhisperer.models.churn.ChurnModelTraining;
import dev.userwhisperer.models.churn.ChurnWorlds;
import dev.userwhisperer.telemetry.PipelineMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The churn model on Google Cloud, end to end on stubs that speak the providers' wire formats: the
 * learn function's Spring context reads the app's events from BigQuery ({@link
 * FakeBigQueryEvents}), trains, judges and promotes into the model bucket ({@link FakeGcsBucket})
 * and registers the promoted version in the Vertex AI Model Registry; a second context, as
 * analyze's function instance, loads the live version from the bucket and scores in-process.
 */
class GcpChurnLearningIT {
  private static final String PROJECT = "whisperer-test";
  private static final String PREFIX = "whisperer/" + ChurnWorlds.APP + "/churn/";
  private static final String KEY = "uw_models_reader";
  private static final String REGISTRY =
      "/v1/projects/" + PROJECT + "/locations/europe-west1/models";

  private final FakeGcsBucket bucket = new FakeGcsBucket("models-1");
  private final FakeBigQueryEvents warehouse =
      new FakeBigQueryEvents(PROJECT + ".whisperer.events");
  private final WireMockServer stub =
      new WireMockServer(options().dynamicPort().extensions(bucket, warehouse));

  @TempDir Path learnCache;
  @TempDir Path analyzeCache;

  @BeforeEach
  void start() {
    stub.start();
    stub.stubFor(
        any(urlPathMatching("/(upload/)?storage/v1/.*"))
            .willReturn(aResponse().withTransformers(bucket.getName())));
    stub.stubFor(
        post(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/queries"))
            .willReturn(aResponse().withTransformers(warehouse.getName())));
    stub.stubFor(get(urlPathMatching(REGISTRY + "/.*")).willReturn(aResponse().withStatus(404)));
    stub.stubFor(
        post(urlPathEqualTo(REGISTRY + ":upload"))
            .willReturn(
                okJson(
                    """
                    {"name": "projects/123/locations/europe-west1/models/churn-shop/operations/7",
                     "done": true,
                     "response": {"model": "projects/123/locations/europe-west1/models/churn-shop",
                       "modelVersionId": "1"}}
                    """)));
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void aChurnModelTrainedFromBigQueryIsPromotedIntoTheBucketRegisteredAndScoredInAnalyze() {
    warehouse.holds(everyEvent(ChurnWorlds.world(600, 1)));

    learn();

    String live = object(PREFIX + "live").strip();
    assertThat(bucket.objects())
        .containsKeys(
            PREFIX + live + "/model.bst",
            PREFIX + live + "/features.json",
            PREFIX + live + "/model-metadata.json",
            PREFIX + live + "/promotion.json",
            PREFIX + live + "/" + ModelRegistration.FILE,
            PREFIX + "training.json");
    JsonNode metadata = Json.tree(bucket.objects().get(PREFIX + live + "/model-metadata.json"));
    assertThat(metadata.path("held_out_metrics").path("roc_auc").asDouble())
        .isGreaterThanOrEqualTo(ChurnModelTraining.AUC_FLOOR);
    assertThat(
            Json.tree(bucket.objects().get(PREFIX + live + "/promotion.json"))
                .path("reason")
                .asString())
        .isEqualTo("promoted");
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(REGISTRY + ":upload"))
            .withRequestBody(matchingJsonPath("$.modelId", equalTo("churn-shop")))
            .withRequestBody(
                matchingJsonPath(
                    "$.model.artifactUri", equalTo("gs://models-1/" + PREFIX + live + "/")))
            .withRequestBody(matchingJsonPath("$.model.labels.kind", equalTo("churn"))));

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (var analyze = context(analyzeCache, meters)) {
      ChurnScorer scorer = analyze.getBean(ChurnScorer.class);
      assertThat(scorer.score(ChurnWorlds.APP, Map.of("features_distinct", 0.0)))
          .hasValueSatisfying(s -> assertThat(s.modelVersion()).isEqualTo(live));
      assertThat(scorer.score("an-app-without-a-model", Map.of())).isEmpty();
      assertThat(
              meters
                  .counter(PipelineMetrics.MODEL_PREDICTIONS, "kind", "churn", "version", live)
                  .count())
          .isEqualTo(1.0);

      JsonNode churn = churnModels(analyze).get(0);
      assertThat(churn.path("source").asString()).isEqualTo("model");
      assertThat(churn.path("version").asString()).isEqualTo(live);
      assertThat(churn.path("live").asBoolean()).isTrue();
    }
  }

  @Test
  void aWorseCandidateStaysOutOfTheBucketsLivePointerAndAnalyzeKeepsScoringWithTheLiveOne() {
    warehouse.holds(everyEvent(ChurnWorlds.world(600, 1)));
    learn();
    String live = object(PREFIX + "live").strip();

    // a world where whether a user shows up in a fortnight has nothing to do with their past
    warehouse.holds(everyEvent(ChurnWorlds.memoryless(900, 2)));
    learn();

    JsonNode attempt = Json.tree(bucket.objects().get(PREFIX + "training.json"));
    String candidate = attempt.path("version").asString();
    assertThat(attempt.path("status").asString()).isEqualTo("trained");
    assertThat(candidate).isNotEqualTo(live);
    assertThat(attempt.path("promoted").asBoolean()).isFalse();
    assertThat(attempt.path("reason").asString()).isIn("below_floor", "not_better_than_live");
    assertThat(object(PREFIX + "live").strip()).isEqualTo(live);
    JsonNode verdict = Json.tree(bucket.objects().get(PREFIX + candidate + "/promotion.json"));
    assertThat(verdict.path("promoted").asBoolean()).isFalse();
    assertThat(verdict.path("live_before").asString()).isEqualTo(live);
    assertThat(bucket.objects())
        .doesNotContainKey(PREFIX + candidate + "/" + ModelRegistration.FILE);
    stub.verify(1, postRequestedFor(urlPathEqualTo(REGISTRY + ":upload")));

    try (var analyze = context(analyzeCache, new SimpleMeterRegistry())) {
      assertThat(analyze.getBean(ChurnScorer.class).score(ChurnWorlds.APP, Map.of()))
          .hasValueSatisfying(s -> assertThat(s.modelVersion()).isEqualTo(live));
      List<JsonNode> listed = churnModels(analyze);
      assertThat(listed).extracting(m -> m.path("version").asString()).contains(live, candidate);
      JsonNode rejected =
          listed.stream()
              .filter(m -> m.path("version").asString().equals(candidate))
              .findFirst()
              .orElseThrow();
      assertThat(rejected.path("live").asBoolean()).isFalse();
      assertThat(rejected.path("why").asString()).startsWith(attempt.path("reason").asString());
    }
  }

  /** The churn entries of {@code GET /v1/models} for the app's key. */
  private static List<JsonNode> churnModels(AnnotationConfigApplicationContext context) {
    IngestResponse answer = context.getBean(GcpModelsApi.class).list("Bearer " + KEY);
    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = Json.tree(Json.encode(answer.body()));
    List<JsonNode> churn = new ArrayList<>();
    body.path("models")
        .forEach(
            m -> {
              if (m.path("kind").asString().equals("churn")) {
                churn.add(m);
              }
            });
    return churn;
  }

  @SuppressWarnings("unchecked")
  private void learn() {
    try (var learn = context(learnCache, new SimpleMeterRegistry())) {
      learn.getBean(GcpModelLearning.FUNCTION, Supplier.class).get();
    }
  }

  /** The functions' context of the model beans, on the stubs, as Terraform configures them. */
  private AnnotationConfigApplicationContext context(Path cache, SimpleMeterRegistry meters) {
    var context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "function",
                Map.of(
                    "GOOGLE_CLOUD_PROJECT",
                    PROJECT,
                    GcpModelLearning.MODELS_BUCKET,
                    "gs://models-1/whisperer",
                    GcpModelLearning.REGISTRY_REGION,
                    "europe-west1",
                    GcpModelLearning.MODELS_CACHE,
                    cache.toString(),
                    "STORAGE_HOST",
                    stub.baseUrl(),
                    "VERTEX_HOST",
                    stub.baseUrl())));
    context.registerBean(BigQuery.class, () -> BigQueryClients.of(PROJECT, stub.baseUrl()));
    context.registerBean(UpliftTableStore.class, InMemoryUpliftTableStore::new);
    context.registerBean(Clock.class, () -> Clock.fixed(ChurnWorlds.TODAY, ZoneOffset.UTC));
    context.registerBean(
        GoogleCredentials.class,
        () ->
            GoogleCredentials.create(
                new AccessToken("token-1", Date.from(Instant.parse("2100-01-01T00:00:00Z")))));
    context.registerBean(PipelineMetrics.class, () -> new PipelineMetrics(meters));
    InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    keys.save(
        new ApiKey(
            ApiKeys.hash(KEY),
            ChurnWorlds.APP,
            Set.of(ApiKey.PROFILES_READ),
            ChurnWorlds.START,
            null));
    context.registerBean(
        ApiKeyAuthenticator.class,
        () -> new ApiKeyAuthenticator(keys, Clock.fixed(ChurnWorlds.TODAY, ZoneOffset.UTC)));
    context.register(GcpModelLearning.class, VertexChurnConfiguration.class);
    context.refresh();
    return context;
  }

  private static List<WarehouseEvent> everyEvent(WarehouseEventSource world) {
    return world.events(Optional.empty(), Instant.MAX);
  }

  private String object(String name) {
    return new String(bucket.objects().get(name), StandardCharsets.UTF_8);
  }
}
