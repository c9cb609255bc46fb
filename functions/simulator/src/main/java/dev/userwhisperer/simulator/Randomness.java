package dev.userwhisperer.simulator;

import java.util.SplittableRandom;

/**
 * Independent random streams per user and purpose, all derived from one seed, so that a run is
 * reproducible and the arms draw the same numbers for the same user ("common random numbers": the
 * arms differ by their messages, not by luck).
 */
final class Randomness {
  static final int TRAITS = 1;
  static final int BEHAVIOUR = 2;
  static final int RESPONSES = 3;

  /** Its own stream, so that the other traits are the same whatever the shares of the types. */
  static final int TYPES = 4;

  private Randomness() {}

  static SplittableRandom stream(long seed, int user, int purpose) {
    return new SplittableRandom(mix(mix(seed) ^ mix(user * 0x9E3779B97F4A7C15L + purpose)));
  }

  static double logNormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(r));
  }

  static double gaussian(SplittableRandom r) {
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** The standard normal distribution function (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
  static double normalCdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
