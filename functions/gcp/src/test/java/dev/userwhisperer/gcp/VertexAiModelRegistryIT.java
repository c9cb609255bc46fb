package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.FileModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.Promotion;
import dev.userwhisperer.models.effect.UpliftModelTraining;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model Registry uploads against a stub of Vertex AI's REST API ({@code models:upload}, a
 * long-running operation polled with {@code GET}), in its wire format.
 */
class VertexAiModelRegistryIT {
  private static final String PARENT = "/v1/projects/p1/locations/europe-west1";
  private static final String MODEL = PARENT + "/models/uplift-app1-winback";
  private static final String OPERATION = MODEL + "/operations/42";

  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private VertexAiModelRegistry registry;

  @TempDir Path root;

  @BeforeEach
  void start() {
    stub.start();
    registry =
        new VertexAiModelRegistry(
            HttpClient.newHttpClient(),
            stub.baseUrl(),
            "p1",
            "europe-west1",
            GcpModelLearning.XGBOOST_IMAGE,
            () -> "token-1",
            Duration.ofMillis(10),
            5);
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  private void operationDoneOnSecondPoll(String versionId) {
    stub.stubFor(
        post(urlPathEqualTo(PARENT + "/models:upload"))
            .willReturn(
                okJson(
                    """
                    {"name": "projects/p1/locations/europe-west1/models/uplift-app1-winback/operations/42",
                     "metadata": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelOperationMetadata",
                       "genericMetadata": {"createTime": "2026-12-07T03:00:00Z"}}}
                    """)));
    stub.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                okJson(
                    "{\"name\": \"projects/p1/locations/europe-west1/models/uplift-app1-winback/operations/42\"}"))
            .willSetStateTo("done"));
    stub.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("done")
            .willReturn(
                okJson(
                    """
                    {"name": "projects/p1/locations/europe-west1/models/uplift-app1-winback/operations/42",
                     "done": true,
                     "response": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelResponse",
                       "model": "projects/123/locations/europe-west1/models/uplift-app1-winback",
                       "modelVersionId": "%s"}}
                    """
                        .formatted(versionId))));
  }

  @Test
  void aFirstVersionCreatesTheRegistryModelAndWaitsForTheOperation() {
    stub.stubFor(get(urlPathEqualTo(MODEL)).willReturn(aResponse().withStatus(404)));
    operationDoneOnSecondPoll("1");

    VertexAiModelRegistry.Registered r =
        registry.upload(
            new ModelDirectory.Slot("app1", "winback"),
            "a717f813a788",
            "gs://models/app1/uplift/winback/a717f813a788/",
            Map.of("qini", "0.106"));

    assertThat(r.model())
        .isEqualTo("projects/123/locations/europe-west1/models/uplift-app1-winback");
    assertThat(r.versionId()).isEqualTo("1");
    stub.verify(
        postRequestedFor(urlPathEqualTo(PARENT + "/models:upload"))
            .withHeader("Authorization", equalTo("Bearer token-1"))
            .withRequestBody(matchingJsonPath("$.modelId", equalTo("uplift-app1-winback")))
            .withRequestBody(
                matchingJsonPath(
                    "$.parentModel", com.github.tomakehurst.wiremock.client.WireMock.absent()))
            .withRequestBody(
                matchingJsonPath(
                    "$.model.artifactUri",
                    equalTo("gs://models/app1/uplift/winback/a717f813a788/")))
            .withRequestBody(
                matchingJsonPath(
                    "$.model.labels",
                    equalToJson(
                        "{\"app\": \"app1\", \"kind\": \"uplift\", \"intervention\": \"winback\","
                            + " \"version\": \"a717f813a788\", \"qini\": \"0_106\"}")))
            .withRequestBody(
                matchingJsonPath(
                    "$.model.containerSpec.imageUri", equalTo(GcpModelLearning.XGBOOST_IMAGE))));
    stub.verify(2, getRequestedFor(urlPathEqualTo(OPERATION)));
  }

  @Test
  void aLaterVersionIsUploadedAsAVersionOfTheSameModelAndOnlyOnce() throws Exception {
    stub.stubFor(
        get(urlPathEqualTo(MODEL))
            .willReturn(
                okJson(
                    "{\"name\": \"projects/123/locations/europe-west1/models/uplift-app1-winback\"}")));
    operationDoneOnSecondPoll("2");
    ModelDirectory directory = new FileModelDirectory(root);
    ModelDirectory.Slot slot = new ModelDirectory.Slot("app1", "winback");
    Files.createDirectories(directory.version(slot, "v2"));
    UpliftModelTraining.Attempt promoted =
        new UpliftModelTraining.Attempt(
            slot, "trained", "v2", new Promotion.Verdict(true, "promoted", "Qini"), "Qini");
    ModelRegistration registration = new ModelRegistration(registry, directory, "gs://models/");

    registration.uplift(List.of(promoted));
    registration.uplift(List.of(promoted));

    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo(PARENT + "/models:upload"))
            .withRequestBody(
                matchingJsonPath(
                    "$.parentModel",
                    equalTo("projects/p1/locations/europe-west1/models/uplift-app1-winback")))
            .withRequestBody(
                matchingJsonPath(
                    "$.model.artifactUri", equalTo("gs://models/app1/uplift/winback/v2/"))));
    assertThat(
            Json.tree(
                    Files.readAllBytes(
                        directory.version(slot, "v2").resolve(ModelRegistration.FILE)))
                .path("versionId")
                .asString())
        .isEqualTo("2");
  }

  @Test
  void aFailedOperationIsAnErrorAndAnUnavailableServiceATransientOne() {
    stub.stubFor(get(urlPathEqualTo(MODEL)).willReturn(aResponse().withStatus(404)));
    stub.stubFor(
        post(urlPathEqualTo(PARENT + "/models:upload"))
            .willReturn(
                okJson(
                    """
                    {"name": "projects/p1/locations/europe-west1/models/uplift-app1-winback/operations/42",
                     "done": true, "error": {"code": 3, "message": "artifactUri has no files"}}
                    """)));
    assertThatThrownBy(
            () ->
                registry.upload(
                    new ModelDirectory.Slot("app1", "winback"), "v1", "gs://m/", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("artifactUri has no files");

    stub.stubFor(get(urlPathEqualTo(MODEL)).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(
            () ->
                registry.upload(
                    new ModelDirectory.Slot("app1", "winback"), "v1", "gs://m/", Map.of()))
        .isInstanceOf(dev.userwhisperer.core.port.TransientFailure.class);
  }
}
