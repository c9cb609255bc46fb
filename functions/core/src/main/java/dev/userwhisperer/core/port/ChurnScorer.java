package dev.userwhisperer.core.port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Predicts the probability that a user of an app churns from their features: with the app's own
 * learned model where one is live, else with whatever model the scorer was given for every app.
 */
public interface ChurnScorer {

  /**
   * Scores one feature vector of a user of {@code appId}, as {@code FeatureVector.of} names it; a
   * feature the model expects but the map lacks counts as missing.
   *
   * @return the score, or empty when no model scores this app or it cannot score these features
   * @throws TransientFailure when the model could not be reached and a retry may succeed
   */
  Optional<Score> score(String appId, Map<String, Double> features);

  /**
   * Whether a model scores {@code appId}'s users at all: when not, a caller skips building their
   * features. By default every app might be scored.
   */
  default boolean scores(String appId) {
    return true;
  }

  /** A probability of churn, 0 to 1, and the model version that predicted it. */
  record Score(double probability, String modelVersion) {
    public Score {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
      }
      Objects.requireNonNull(modelVersion, "modelVersion");
    }
  }
}
