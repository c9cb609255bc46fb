package dev.userwhisperer.core.learn;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Gamma and Beta variates drawn from an injected generator, without a statistics library.
 *
 * <p>Gamma(k, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma variables",
 * ACM TOMS 26(3): for k &ge; 1, with d = k &minus; 1/3 and c = 1/&radic;(9d), draw x ~ N(0,1) and v
 * = (1 + cx)&sup3; until v &gt; 0, then accept d&middot;v when u &lt; 1 &minus; 0.0331x&#8308; or
 * ln u &lt; x&sup2;/2 + d(1 &minus; v + ln v), u ~ U(0,1). For k &lt; 1 it uses the boost Gamma(k)
 * = Gamma(k + 1) &middot; U^(1/k).
 *
 * <p>Beta(&alpha;, &beta;) = X / (X + Y) with X ~ Gamma(&alpha;), Y ~ Gamma(&beta;). The ratio is
 * formed from ln X and ln Y, because for small shapes U^(1/k) underflows to 0 and X / (X + Y) would
 * be 0/0.
 */
public final class RandomVariates {
  private RandomVariates() {}

  /**
   * One draw of Gamma(shape, scale 1).
   *
   * @throws IllegalArgumentException if shape is not a positive finite number
   */
  public static double gamma(RandomGenerator random, double shape) {
    return Math.exp(logGamma(random, shape));
  }

  /**
   * One draw of Beta(alpha, beta), in [0, 1].
   *
   * @throws IllegalArgumentException if alpha or beta is not a positive finite number
   */
  public static double beta(RandomGenerator random, double alpha, double beta) {
    double logX = logGamma(random, alpha);
    double logY = logGamma(random, beta);
    return 1.0 / (1.0 + Math.exp(logY - logX));
  }

  /** The logarithm of one Gamma(shape, 1) draw. */
  static double logGamma(RandomGenerator random, double shape) {
    Objects.requireNonNull(random, "random");
    requirePositiveFinite(shape, "shape");
    if (shape < 1.0) {
      return logGamma(random, shape + 1.0) + Math.log(openUniform(random)) / shape;
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = random.nextGaussian();
      double t = 1.0 + c * x;
      if (t <= 0.0) {
        continue;
      }
      double v = t * t * t;
      double u = openUniform(random);
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
        return Math.log(d) + Math.log(v);
      }
    }
  }

  /** U(0, 1) without 0, whose logarithm is finite. */
  private static double openUniform(RandomGenerator random) {
    double u;
    do {
      u = random.nextDouble();
    } while (u == 0.0);
    return u;
  }

  static void requirePositiveFinite(double value, String name) {
    if (!(value > 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
    }
  }
}
