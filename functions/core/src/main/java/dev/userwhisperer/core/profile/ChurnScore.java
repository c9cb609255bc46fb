package dev.userwhisperer.core.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest churn prediction for a profile.
 *
 * @param probability the predicted probability of churn, 0 to 1
 * @param modelVersion the model that predicted it
 * @param scoredAt the profile's {@code updatedAt} (event time) the features were taken at
 * @param atRiskSince the event time the probability last crossed the risk threshold upward, null
 *     while it is below the threshold
 */
public record ChurnScore(
    double probability, String modelVersion, Instant scoredAt, Instant atRiskSince) {
  public ChurnScore {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
    }
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(scoredAt, "scoredAt");
  }
}
