package dev.userwhisperer.gcp;

import dev.userwhisperer.core.ingest.ApiKeyAuthenticator;
import dev.userwhisperer.core.ingest.ApiKeyAuthenticator.Refused;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.gcp.GcpModelLearning.Refreshing;
import dev.userwhisperer.models.ModelsView;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code GET /v1/models} on Google Cloud, served by the {@code appconfig} function: the body the
 * local runner answers ({@link ModelsView}), over the model bucket. The models are loaded (and
 * reloaded every minute) as analyze and decide load them, on the first call rather than at the
 * function's start, so {@code live} says what the scoring functions use within a minute, and a
 * version that cannot be loaded says why. Without a model directory there are no models to list.
 */
final class GcpModelsApi {
  private final ApiKeyAuthenticator authenticator;
  private final ObjectProvider<ModelDirectory> directory;
  private final ObjectProvider<Refreshing<XgboostTreatmentEffectModels>> uplift;
  private final ObjectProvider<Refreshing<LearnedChurnScorers>> churn;

  GcpModelsApi(
      ApiKeyAuthenticator authenticator,
      ObjectProvider<ModelDirectory> directory,
      ObjectProvider<Refreshing<XgboostTreatmentEffectModels>> uplift,
      ObjectProvider<Refreshing<LearnedChurnScorers>> churn) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.churn = Objects.requireNonNull(churn, "churn");
  }

  /** The models of the key's app; 401/403 for a key without {@code profiles:read}. */
  IngestResponse list(String authorization) {
    ApiKeyAuthenticator.Outcome outcome =
        authenticator.authenticate(authorization, ApiKey.PROFILES_READ);
    if (outcome instanceof Refused refused) {
      return refused.response();
    }
    String appId = ((ApiKeyAuthenticator.Authenticated) outcome).appId();
    ModelDirectory models = directory.getIfAvailable();
    Object body;
    if (models == null) {
      Map<String, Object> none = new LinkedHashMap<>();
      none.put("models", List.of());
      none.put("training", List.of());
      none.put("default", ModelsView.DEFAULT_DECIDER);
      body = none;
    } else {
      body =
          ModelsView.of(
              appId,
              models,
              uplift.getObject().models(),
              Optional.<ChurnScorer>of(churn.getObject().models()));
    }
    return new IngestResponse(200, Map.of(), body);
  }
}
