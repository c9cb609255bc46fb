package dev.userwhisperer.gcp;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.TransientFailure;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Registers each promoted model version in the Vertex AI Model Registry, over its REST API ({@code
 * v1}): one registry model per app and intervention ({@code uplift-<app>-<intervention>}) and per
 * app's churn model ({@code churn-<app>}), one registry version per promoted version, whose
 * artifacts are the version's directory in the model bucket. {@code models:upload} answers a
 * long-running operation, polled until done. The registry is the record (versions, labels,
 * lineage); decide still scores the files in-process, so no prediction costs a call.
 *
 * <p>The container is the one Vertex AI needs to accept an upload ({@code containerSpec.imageUri}).
 * A churn version's {@code model.bst} is what the prebuilt XGBoost container serves, so it can be
 * deployed to an endpoint as it is; an uplift model is several boosters combined by its manifest,
 * which no prebuilt container serves.
 */
final class VertexAiModelRegistry {
  private final HttpClient http;
  private final String baseUrl;
  private final String project;
  private final String location;
  private final String imageUri;
  private final Supplier<String> accessToken;
  private final Duration pollEvery;
  private final int maxPolls;

  /**
   * @param baseUrl e.g. {@code https://europe-west1-aiplatform.googleapis.com}
   * @param accessToken an OAuth access token with the cloud-platform scope, fetched per call
   */
  VertexAiModelRegistry(
      HttpClient http,
      String baseUrl,
      String project,
      String location,
      String imageUri,
      Supplier<String> accessToken,
      Duration pollEvery,
      int maxPolls) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.project = Objects.requireNonNull(project, "project");
    this.location = Objects.requireNonNull(location, "location");
    this.imageUri = Objects.requireNonNull(imageUri, "imageUri");
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    this.pollEvery = Objects.requireNonNull(pollEvery, "pollEvery");
    this.maxPolls = maxPolls;
  }

  /** What the registry made: the model's resource name and the new version's id. */
  record Registered(String model, String versionId) {}

  /**
   * Uploads {@code version} of the slot's model (an app's intervention, or its churn model), a new
   * registry version of the model when the registry has it already.
   *
   * @param artifactUri the version's directory, {@code gs://bucket/...}
   * @param metrics labels to keep with the version (e.g. its held-out Qini)
   * @throws TransientFailure when Vertex AI is unavailable or the operation did not finish in time
   * @throws IllegalStateException when Vertex AI refused the upload or the operation failed
   */
  Registered upload(Slot slot, String version, String artifactUri, Map<String, String> metrics) {
    String appId = slot.appId();
    String intervention = slot.intervention();
    String modelId = modelId(slot);
    String parent = "projects/" + project + "/locations/" + location;
    String modelName = parent + "/models/" + modelId;
    boolean exists = send(get("/v1/" + modelName), true) != null;
    Map<String, Object> model = new LinkedHashMap<>();
    model.put(
        "displayName",
        slot.isChurn() ? "churn of " + appId : "uplift " + intervention + " of " + appId);
    model.put(
        "description",
        (slot.isChurn()
                ? "Churn model of app " + appId
                : "Per-user uplift model of " + intervention + " (app " + appId + ")")
            + ", version "
            + version);
    model.put("artifactUri", artifactUri);
    model.put("containerSpec", Map.of("imageUri", imageUri));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", label(appId));
    labels.put("kind", slot.isChurn() ? "churn" : "uplift");
    if (!slot.isChurn()) {
      labels.put("intervention", label(intervention));
    }
    labels.put("version", label(version));
    metrics.forEach((k, v) -> labels.put(label(k), label(v)));
    model.put("labels", labels);
    model.put("versionAliases", List.of("v-" + label(version)));
    Map<String, Object> body = new LinkedHashMap<>();
    if (exists) {
      body.put("parentModel", modelName);
    } else {
      body.put("modelId", modelId);
    }
    body.put("model", model);
    JsonNode operation = send(post("/v1/" + parent + "/models:upload", body), false);
    for (int poll = 0; !operation.path("done").asBoolean(false); poll++) {
      if (poll >= maxPolls) {
        throw new TransientFailure(
            "the upload of " + modelId + " " + version + " did not finish: " + operation, null);
      }
      sleep();
      operation = send(get("/v1/" + operation.path("name").asString()), false);
    }
    if (operation.has("error")) {
      throw new IllegalStateException(
          "Vertex AI refused " + modelId + " " + version + ": " + operation.get("error"));
    }
    JsonNode response = operation.path("response");
    return new Registered(
        response.path("model").asString(modelName), response.path("modelVersionId").asString(""));
  }

  /**
   * The registry model of an app's intervention, or of its churn model: [a-z0-9_-], a letter first,
   * at most 63.
   */
  static String modelId(Slot slot) {
    String id =
        (slot.isChurn()
                ? "churn-" + slot.appId()
                : "uplift-" + slot.appId() + "-" + slot.intervention())
            .toLowerCase(Locale.ROOT);
    id = id.replaceAll("[^a-z0-9_-]", "-");
    return id.length() > 63 ? id.substring(0, 63) : id;
  }

  /** A label value: lowercase letters, digits, '_' and '-', at most 63. */
  private static String label(String value) {
    String v = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    return v.length() > 63 ? v.substring(0, 63) : v;
  }

  private HttpRequest get(String path) {
    return authorized(path).GET().build();
  }

  private HttpRequest post(String path, Object body) {
    return authorized(path)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(body)))
        .build();
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + accessToken.get());
  }

  /** The answer's JSON; null for a 404 when {@code missingIsNull}. */
  private JsonNode send(HttpRequest request, boolean missingIsNull) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TransientFailure("Vertex AI unreachable: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted calling Vertex AI", e);
    }
    int status = response.statusCode();
    if (status == 404 && missingIsNull) {
      return null;
    }
    if (status == 429 || status >= 500) {
      throw new TransientFailure(
          "Vertex AI answered " + status + " to " + request.uri() + ": " + response.body(), null);
    }
    if (status / 100 != 2) {
      throw new IllegalStateException(
          "Vertex AI answered " + status + " to " + request.uri() + ": " + response.body());
    }
    return Json.tree(response.body().getBytes(StandardCharsets.UTF_8));
  }

  private void sleep() {
    try {
      Thread.sleep(pollEvery.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted waiting for Vertex AI", e);
    }
  }
}
