package dev.userwhisperer.core.learn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The arm Thompson sampling chose, with the probability that it would choose each arm under the
 * same posteriors, so that the decision can be logged with its propensity and evaluated off-policy.
 *
 * @param arm the chosen arm
 * @param propensity the estimated probability of choosing {@code arm}, in (0, 1]
 * @param propensities the estimated probability of choosing each arm, summing to 1, in arm order
 * @param draws the Monte Carlo draws behind the estimates; the standard error of an estimate p is
 *     &radic;(p(1 &minus; p) / draws)
 * @param decisionDraws each arm's draw in the decision's own round (the one that chose {@code
 *     arm}), in arm order: what the choice was made on, for the log
 * @param <K> the arm key
 */
public record ThompsonChoice<K>(
    K arm,
    double propensity,
    Map<K, Double> propensities,
    int draws,
    Map<K, Double> decisionDraws) {
  public ThompsonChoice {
    Objects.requireNonNull(arm, "arm");
    Objects.requireNonNull(propensities, "propensities");
    if (!(propensity > 0.0 && propensity <= 1.0)) {
      throw new IllegalArgumentException("propensity must be in (0, 1], was " + propensity);
    }
    if (!Objects.equals(propensities.get(arm), propensity)) {
      throw new IllegalArgumentException("propensities must hold the chosen arm's propensity");
    }
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be positive, was " + draws);
    }
    propensities = Collections.unmodifiableMap(new LinkedHashMap<>(propensities));
    Objects.requireNonNull(decisionDraws, "decisionDraws");
    if (!decisionDraws.keySet().equals(propensities.keySet())) {
      throw new IllegalArgumentException("decisionDraws must hold a draw of every arm");
    }
    decisionDraws = Collections.unmodifiableMap(new LinkedHashMap<>(decisionDraws));
  }
}
