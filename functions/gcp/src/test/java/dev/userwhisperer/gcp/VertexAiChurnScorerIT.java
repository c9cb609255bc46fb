package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.TransientFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VertexAiChurnScorerIT {
  private static final String ENDPOINT = "projects/p1/locations/us-central1/endpoints/42";
  private static final String PATH = "/v1/" + ENDPOINT + ":predict";
  private final WireMockServer stub = new WireMockServer(options().dynamicPort());
  private VertexAiChurnScorer scorer;

  @BeforeEach
  void start() {
    stub.start();
    scorer =
        new VertexAiChurnScorer(
            stub.baseUrl(),
            ENDPOINT,
            List.of("days_since_active", "sessions_7d", "failed_payments"),
            GoogleCredentials.create(new AccessToken("test-token", null)));
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  @Test
  void postsOneInstanceInFeatureOrderAndReadsTheProbabilityAndModelVersion() {
    stub.stubFor(
        post(urlPathEqualTo(PATH))
            .willReturn(
                okJson(
                    """
                    {"predictions": [0.82], "deployedModelId": "777",
                     "model": "projects/p1/locations/us-central1/models/9",
                     "modelDisplayName": "churn", "modelVersionId": "3"}
                    """)));

    ChurnScorer.Score score =
        scorer
            .score("app", Map.of("sessions_7d", 2.0, "days_since_active", 21.5, "events_1d", 4.0))
            .orElseThrow();

    assertThat(score)
        .isEqualTo(new ChurnScorer.Score(0.82, "projects/p1/locations/us-central1/models/9@3"));
    stub.verify(
        postRequestedFor(urlPathEqualTo(PATH))
            .withHeader("Authorization", equalTo("Bearer test-token"))
            .withRequestBody(equalToJson("{\"instances\": [[21.5, 2.0, null]]}")));
  }

  @Test
  void withoutModelAndVersionTheDeployedModelIdNamesTheModel() {
    stub.stubFor(
        post(urlPathEqualTo(PATH))
            .willReturn(okJson("{\"predictions\": [0.1], \"deployedModelId\": \"777\"}")));

    assertThat(scorer.score("app", Map.of())).contains(new ChurnScorer.Score(0.1, "777"));
  }

  @Test
  void aPredictionThatIsNotAProbabilityScoresNothing() {
    stub.stubFor(
        post(urlPathEqualTo(PATH))
            .willReturn(okJson("{\"predictions\": [[0.9, 0.1]], \"deployedModelId\": \"777\"}")));

    assertThat(scorer.score("app", Map.of())).isEmpty();
  }

  @Test
  void tooManyRequestsAndServerErrorsAreTransient() {
    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429)));
    assertThatThrownBy(() -> scorer.score("app", Map.of())).isInstanceOf(TransientFailure.class);

    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> scorer.score("app", Map.of())).isInstanceOf(TransientFailure.class);
  }

  @Test
  void aRejectedRequestIsNotRetried() {
    stub.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)));

    assertThatThrownBy(() -> scorer.score("app", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(TransientFailure.class);
  }
}
