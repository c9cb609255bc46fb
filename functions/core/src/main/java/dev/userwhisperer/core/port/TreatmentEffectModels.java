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
     * The model's raw score for one user, as {@code FeatureVector.of} names the features; a feature
     * the model expects but the map lacks counts as missing.
     *
     * @return the estimated effect in probability points, NaN when the model cannot score the user
     */
    double effect(Map<String, Double> features);

    /**
     * What decide believes of one user: the raw score and, for a model calibrated on its held-out
     * rows, the calibrated effect of the score's bin with its standard error. A model without a
     * calibration (a version trained before it, or written by {@code uplift train}) serves its
     * score as the effect and states no standard error.
     */
    default Prediction predict(Map<String, Double> features) {
      double score = effect(features);
      return new Prediction(score, score, Double.NaN);
    }
  }

  /**
   * One user's prediction.
   *
   * @param score the model's raw score, NaN when it cannot score the user
   * @param effect the effect served, in probability points (the calibrated value when the model is
   *     calibrated, else the score)
   * @param standardError the served effect's standard error, NaN when the model states none
   */
  record Prediction(double score, double effect, double standardError) {
    public Prediction {
      if (!Double.isNaN(standardError) && !(standardError >= 0 && standardError < 1)) {
        throw new IllegalArgumentException(
            "standardError must be NaN or within [0, 1): " + standardError);
      }
    }

    /** Whether the model stated a standard error (it was calibrated on held-out rows). */
    public boolean calibrated() {
      return !Double.isNaN(standardError);
    }
  }
}
