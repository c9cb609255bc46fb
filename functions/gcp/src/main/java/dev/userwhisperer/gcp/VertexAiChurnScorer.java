package dev.userwhisperer.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.TransientFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Scores churn with a model deployed to a Vertex AI endpoint (the prebuilt XGBoost container):
 * {@code POST {host}/v1/{endpoint}:predict} with one instance, the features in the exported {@code
 * features.json} order, a missing one as null. The response ({@code PredictResponse} of the v1 REST
 * reference) holds {@code predictions[]} (here one number, the {@code binary:logistic}
 * probability), {@code deployedModelId}, {@code model}, {@code modelVersionId} and {@code
 * modelDisplayName}. The model version is {@code model@modelVersionId}, Vertex's own name of a
 * model version: a version id alone ("1", "2", ...) restarts with every model uploaded anew, so it
 * would not tell two models apart in the warehouse. Without them it is the {@code deployedModelId}.
 */
final class VertexAiChurnScorer implements ChurnScorer {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final URI predictUri;
  private final List<String> featureNames;
  private final GoogleCredentials credentials;

  /** The regional API host of a {@code projects/{p}/locations/{l}/endpoints/{e}} endpoint. */
  static String hostOf(String endpoint) {
    String[] parts = endpoint.split("/");
    if (parts.length != 6 || !"locations".equals(parts[2])) {
      throw new IllegalArgumentException(
          "not projects/{p}/locations/{l}/endpoints/{e}: " + endpoint);
    }
    return "https://" + parts[3] + "-aiplatform.googleapis.com";
  }

  /**
   * @param host the API host, e.g. {@code https://us-central1-aiplatform.googleapis.com}
   * @param endpoint {@code projects/{p}/locations/{l}/endpoints/{e}}
   */
  VertexAiChurnScorer(
      String host, String endpoint, List<String> featureNames, GoogleCredentials credentials) {
    this.predictUri = URI.create(host + "/v1/" + endpoint + ":predict");
    this.featureNames = List.copyOf(featureNames);
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Override
  public Optional<Score> score(String appId, Map<String, Double> features) {
    List<Double> row = new ArrayList<>(featureNames.size());
    featureNames.forEach(name -> row.add(features.get(name)));
    byte[] body = Json.encode(Map.of("instances", List.of(row)));
    HttpResponse<byte[]> response;
    try {
      credentials.refreshIfExpired();
      HttpRequest request =
          HttpRequest.newBuilder(predictUri)
              .timeout(TIMEOUT)
              .header("Authorization", "Bearer " + credentials.getAccessToken().getTokenValue())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new TransientFailure("Vertex AI prediction failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted calling Vertex AI", e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw new TransientFailure("Vertex AI prediction answered " + status);
    }
    if (status != 200) {
      throw new IllegalStateException(
          "Vertex AI prediction answered "
              + status
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    JsonNode tree = Json.tree(response.body());
    JsonNode p = tree.path("predictions").path(0);
    if (!p.isNumber()) {
      return Optional.empty();
    }
    String model = tree.path("model").asString("");
    String versionId = tree.path("modelVersionId").asString("");
    String version =
        !model.isEmpty() && !versionId.isEmpty()
            ? model + "@" + versionId
            : tree.path("deployedModelId").asString("unknown");
    return Optional.of(new Score(Math.min(1, Math.max(0, p.asDouble())), version));
  }
}
