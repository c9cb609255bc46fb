package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.profile.ArmCounts;
import java.util.random.RandomGenerator;

/**
 * A Beta(&alpha;, &beta;) belief about one arm's success rate (open, click or conversion rate).
 *
 * <p>Conjugate update for Bernoulli outcomes: s successes and f failures turn Beta(&alpha;, &beta;)
 * into Beta(&alpha; + s, &beta; + f). Mean &alpha; / (&alpha; + &beta;); variance &alpha;&beta; /
 * ((&alpha; + &beta;)&sup2;(&alpha; + &beta; + 1)). &alpha; + &beta; is the evidence the belief
 * carries, in observations.
 *
 * @param alpha pseudo-count of successes, positive and finite
 * @param beta pseudo-count of failures, positive and finite
 */
public record BetaPosterior(double alpha, double beta) implements Belief {
  /** Beta(1, 1): every rate equally likely. */
  public static final BetaPosterior UNIFORM = new BetaPosterior(1.0, 1.0);

  public BetaPosterior {
    RandomVariates.requirePositiveFinite(alpha, "alpha");
    RandomVariates.requirePositiveFinite(beta, "beta");
  }

  /** This belief after one success. */
  public BetaPosterior withSuccess() {
    return update(1, 0);
  }

  /** This belief after one failure. */
  public BetaPosterior withFailure() {
    return update(0, 1);
  }

  /**
   * This belief after {@code successes} successes and {@code failures} failures.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  /** The belief after {@code counts}: Beta(1 + successes, 1 + failures), uniform before any. */
  public static BetaPosterior of(ArmCounts counts) {
    return UNIFORM.update(counts.successes(), counts.failures());
  }

  public BetaPosterior update(long successes, long failures) {
    if (successes < 0 || failures < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: successes=" + successes + ", failures=" + failures);
    }
    return new BetaPosterior(alpha + successes, beta + failures);
  }

  /** &alpha; / (&alpha; + &beta;). */
  public double mean() {
    return alpha / (alpha + beta);
  }

  /** &alpha;&beta; / ((&alpha; + &beta;)&sup2;(&alpha; + &beta; + 1)). */
  public double variance() {
    double n = alpha + beta;
    return alpha * beta / (n * n * (n + 1.0));
  }

  /** &alpha; + &beta;, the number of observations this belief is worth. */
  public double strength() {
    return alpha + beta;
  }

  /** One draw of the rate from this belief. */
  @Override
  public double sample(RandomGenerator random) {
    return RandomVariates.beta(random, alpha, beta);
  }
}
