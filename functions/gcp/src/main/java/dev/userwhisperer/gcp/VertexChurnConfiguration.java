package dev.userwhisperer.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.telemetry.MeteredChurnScorer;
import dev.userwhisperer.telemetry.PipelineMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The churn model on a Vertex AI endpoint, when {@value #ENDPOINT} names one ({@code
 * projects/{p}/locations/{l}/endpoints/{e}}); {@value #FEATURES} lists the model's features.json
 * names, comma-separated, in order. Terraform always sets both on the analyze function, empty when
 * the environment has no churn model: a blank endpoint means no scoring. The credentials are the
 * function's own (application default) unless a {@link GoogleCredentials} bean is given. Each score
 * is counted by its model version ({@link MeteredChurnScorer}).
 */
@Configuration(proxyBeanMethods = false)
class VertexChurnConfiguration {
  static final String ENDPOINT = "WHISPERER_VERTEX_ENDPOINT";
  static final String FEATURES = "WHISPERER_CHURN_FEATURES";

  @Bean
  @Conditional(EndpointSet.class)
  ChurnScorer churnScorer(
      @Value("${" + ENDPOINT + "}") String endpoint,
      @Value("${" + FEATURES + ":}") String features,
      ObjectProvider<GoogleCredentials> credentials,
      PipelineMetrics metrics) {
    List<String> names =
        Arrays.stream(features.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
    if (names.isEmpty()) {
      throw new IllegalStateException(
          FEATURES
              + " must list the churn model's features (features.json names, comma-separated, in"
              + " order) when "
              + ENDPOINT
              + " is set");
    }
    String name = endpoint.strip();
    return new MeteredChurnScorer(
        new VertexAiChurnScorer(
            VertexAiChurnScorer.hostOf(name),
            name,
            names,
            credentials.getIfAvailable(VertexChurnConfiguration::applicationDefault)),
        metrics);
  }

  static GoogleCredentials applicationDefault() {
    try {
      return GoogleCredentials.getApplicationDefault()
          .createScoped("https://www.googleapis.com/auth/cloud-platform");
    } catch (IOException e) {
      throw new UncheckedIOException("no application default credentials for Vertex AI", e);
    }
  }

  /** The endpoint variable is set and not blank. */
  static final class EndpointSet implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String endpoint = context.getEnvironment().getProperty(ENDPOINT);
      return endpoint != null && !endpoint.isBlank();
    }
  }
}
