package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.userwhisperer.core.port.ChurnScorer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The endpoint's scorer, unmetered: {@link GcpModelLearning#churnScorer} counts the scores of
 * whichever scorer analyze uses (GcpChurnLearningIT).
 */
class VertexChurnConfigurationTest {
  private static final String ENDPOINT = "projects/p1/locations/europe-west1/endpoints/42";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(VertexChurnConfiguration.class)
          .withBean(
              GoogleCredentials.class, () -> GoogleCredentials.create(new AccessToken("t", null)));

  @Test
  void withoutAnEndpointNothingIsScored() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ChurnScorer.class));
  }

  @Test
  void theEmptyEndpointTerraformSetsByDefaultMeansNoScoring() {
    runner
        .withPropertyValues("WHISPERER_VERTEX_ENDPOINT=", "WHISPERER_CHURN_FEATURES=")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChurnScorer.class));
  }

  @Test
  void anEndpointAndItsFeaturesMakeTheVertexScorer() {
    runner
        .withPropertyValues(
            "WHISPERER_VERTEX_ENDPOINT=" + ENDPOINT,
            "WHISPERER_CHURN_FEATURES=days_since_active, sessions_7d")
        .run(
            context ->
                assertThat(context)
                    .getBean(ChurnScorer.class)
                    .isInstanceOf(VertexAiChurnScorer.class));
  }

  @Test
  void anEndpointWithoutFeaturesStopsTheStartNamingTheVariable() {
    runner
        .withPropertyValues("WHISPERER_VERTEX_ENDPOINT=" + ENDPOINT, "WHISPERER_CHURN_FEATURES=")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("WHISPERER_CHURN_FEATURES must list"));
  }

  @Test
  void anEndpointThatIsNotAnEndpointNameStopsTheStart() {
    runner
        .withPropertyValues(
            "WHISPERER_VERTEX_ENDPOINT=42", "WHISPERER_CHURN_FEATURES=days_since_active")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("not projects/{p}/locations/{l}/endpoints/{e}"));
  }
}
