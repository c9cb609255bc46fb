package dev.userwhisperer.models.uplift;

import java.util.Arrays;
import java.util.Locale;

/**
 * The meta-learners, each a way to turn outcome models into an estimate of τ(x) = P(outcome | x,
 * treated) − P(outcome | x, control) (Künzel et al. 2019 for T and X; Kennedy 2023 for DR).
 */
public enum UpliftLearner {
  /** Two classifiers, μ₁ on treated rows and μ₀ on control rows; τ = μ₁ − μ₀. */
  T("t-learner", "mu1(x) - mu0(x)"),
  /**
   * T's classifiers impute each row's effect from the other arm's model (treated: y − μ₀(x);
   * control: μ₁(x) − y); regressors τ₁, τ₀ of those on each arm; τ = g·τ₀ + (1 − g)·τ₁ with g the
   * mean training propensity.
   */
  X("x-learner", "g * tau0(x) + (1 - g) * tau1(x)"),
  /**
   * Doubly robust pseudo-outcomes from cross-fitted classifiers and each row's propensity e: μ₁ −
   * μ₀ + t·(y − μ₁)/e − (1 − t)·(y − μ₀)/(1 − e), regressed on x.
   */
  DR("dr-learner", "tau(x)");

  private final String id;
  private final String formula;

  UpliftLearner(String id, String formula) {
    this.id = id;
    this.formula = formula;
  }

  /** The name in manifests and on the command line ({@code t-learner}; {@code t} also parses). */
  public String id() {
    return id;
  }

  /** How the saved boosters combine into the score, for the manifest. */
  public String formula() {
    return formula;
  }

  public static UpliftLearner parse(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(l -> l.id.equals(n) || l.name().toLowerCase(Locale.ROOT).equals(n))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown learner '" + name + "': t-learner, x-learner or dr-learner"));
  }
}
