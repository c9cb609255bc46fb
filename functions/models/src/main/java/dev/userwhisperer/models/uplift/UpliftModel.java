package dev.userwhisperer.models.uplift;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained meta-learner: its boosters by role and how they combine into a per-row treatment effect
 * on the probability of the outcome (positive: treating raises it).
 *
 * @param boosters by role: {@code mu0}, {@code mu1} (T); {@code tau0}, {@code tau1} (X); {@code
 *     tau} (DR)
 * @param treatedWeight the X-learner's g: the mean propensity of the training rows
 */
public record UpliftModel(
    UpliftLearner learner,
    Map<String, Booster> boosters,
    double treatedWeight,
    List<String> featureNames) {

  public UpliftModel {
    Objects.requireNonNull(learner, "learner");
    boosters = new TreeMap<>(boosters);
    featureNames = List.copyOf(featureNames);
    List<String> roles =
        switch (learner) {
          case T -> List.of("mu0", "mu1");
          case X -> List.of("tau0", "tau1");
          case DR -> List.of("tau");
        };
    if (!boosters.keySet().equals(new TreeSet<>(roles))) {
      throw new IllegalArgumentException(
          learner.id() + " needs boosters " + roles + ", got " + boosters.keySet());
    }
    if (!(treatedWeight >= 0 && treatedWeight <= 1)) {
      throw new IllegalArgumentException("treated weight must be in [0, 1]");
    }
  }

  /** The estimated treatment effect of each row, in order. */
  public double[] score(float[][] rows) throws XGBoostError {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != featureNames.size()) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows[i].length + " values, the model " + featureNames.size());
      }
    }
    return switch (learner) {
      case T -> difference(predict("mu1", rows), predict("mu0", rows));
      case X -> blend(predict("tau0", rows), predict("tau1", rows), treatedWeight);
      case DR -> predict("tau", rows);
    };
  }

  private double[] predict(String role, float[][] rows) throws XGBoostError {
    return Boosting.predict(boosters.get(role), rows);
  }

  private static double[] difference(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static double[] blend(double[] tau0, double[] tau1, double g) {
    double[] out = new double[tau0.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g * tau0[i] + (1 - g) * tau1[i];
    }
    return out;
  }
}
