package dev.userwhisperer.core.learn;

import java.util.random.RandomGenerator;

/**
 * A normal belief about an effect: what an estimate and its standard error say, as the posterior of
 * an effect measured in probability points (a difference of two rates) is nearly normal once either
 * arm holds a few dozen outcomes, and a per-user effect's random-effects posterior is normal by
 * construction.
 *
 * @param mean the expected effect
 * @param standardDeviation the posterior standard deviation, finite and not negative; 0 takes the
 *     mean at its word (every draw is the mean)
 */
public record NormalBelief(double mean, double standardDeviation) implements Belief {
  public NormalBelief {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be finite, was " + mean);
    }
    if (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation)) {
      throw new IllegalArgumentException(
          "standardDeviation must be finite and not negative, was " + standardDeviation);
    }
  }

  /** mean + standardDeviation · z, z one standard normal draw of {@code random}. */
  @Override
  public double sample(RandomGenerator random) {
    return mean + standardDeviation * random.nextGaussian();
  }
}
