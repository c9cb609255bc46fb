package dev.userwhisperer.core.port;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One randomized marketing decision as the warehouse view {@code uplift_training_rows} gives it:
 * the user's features when decide decided, whether it was sent, the probability it had of being
 * sent, and whether the intervention's goal was reached (retained at the window's end, or converted
 * within it).
 *
 * @param features by name, as {@code FeatureVector} names them; a feature that was missing is NaN
 */
public record UpliftTrainingRow(
    String appId,
    String intervention,
    String decisionId,
    LocalDate decisionDate,
    boolean treated,
    double treatmentPropensity,
    boolean goalReached,
    Map<String, Double> features) {

  public UpliftTrainingRow {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(intervention, "intervention");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(decisionDate, "decisionDate");
    if (!(treatmentPropensity >= 0 && treatmentPropensity <= 1)) {
      throw new IllegalArgumentException(
          "treatmentPropensity must be within [0, 1]: " + treatmentPropensity);
    }
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }
}
