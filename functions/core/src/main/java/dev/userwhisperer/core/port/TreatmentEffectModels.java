package dev.userwhisperer.core.port;

import java.util.Map;
import java.util.Optional;

/**
 * The live per-user treatment-effect (CATE) models of each app, one per intervention: what sending
 * the intervention now changes in the probability of its goal for a user with these features. An
 * adapter loads them from wherever the learn job promoted them; a refresh must never make a caller
 * wait (the adapter answers with the models it holds).
 */
public interface TreatmentEffectModels {

  /** No models: every app decides by its priors. */
  TreatmentEffectModels NONE = (appId, intervention) -> Optional.empty();

  /** The live model of {@code intervention} for {@code appId}, empty when it has none. */
  Optional<EffectModel> find(String appId, String intervention);

  /** One promoted model. */
  interface EffectModel {
    /** The version the decision log names. */
    String version();

    /**
     * The effect for one user, as {@code FeatureVector.of} names the features; a feature the model
     * expects but the map lacks counts as missing.
     *
     * @return the effect in probability points, within [-1, 1]
     */
    double effect(Map<String, Double> features);
  }
}
