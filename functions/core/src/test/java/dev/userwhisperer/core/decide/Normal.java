package dev.userwhisperer.core.decide;

/** The standard normal distribution function, for checking Thompson draws against it. */
final class Normal {
  private Normal() {}

  /**
   * Φ(x), by Abramowitz and Stegun 7.1.26 for erf (absolute error below 1.5e-7): far finer than the
   * Monte Carlo shares it is compared with.
   */
  static double cdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-z * z);
    return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }
}
