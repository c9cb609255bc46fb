package dev.userwhisperer.models;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way",
 * Marketing Science 24(2): purchases follow a Poisson process with gamma(r, alpha) distributed
 * rates; after each purchase a customer drops out with a beta(a, b) distributed probability. Time
 * is in weeks. Used here with fixed, published parameters as the baseline churn score.
 */
public record BgNbd(double r, double alpha, double a, double b) {

  /** Fitted on the CDNOW 1/10 sample with the 39-week calibration period (paper, section 4). */
  public static final BgNbd CDNOW_PUBLISHED = new BgNbd(0.243, 4.414, 0.793, 2.426);

  private static final int MAX_SERIES_TERMS = 100_000;

  public BgNbd {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
      throw new IllegalArgumentException("parameters must be positive");
    }
  }

  /**
   * Probability that a customer with {@code x} repeat purchases, the last at {@code tx} weeks after
   * the first, is still alive {@code T} weeks after the first (paper, equation 12). A customer with
   * no repeat purchase cannot have dropped out yet, so it is 1.
   */
  public double probabilityAlive(int x, double tx, double T) {
    return 1.0 / (1.0 + deadToAliveOdds(x, tx, T));
  }

  /**
   * Probability that a customer with history (x, tx, T) makes no purchase in the next {@code t}
   * weeks: either dead already, or alive and silent. Dropout happens only right after a purchase,
   * so a silent customer stays alive; given alive at T the purchase rate is gamma(r + x, alpha +
   * T), so P(silent | alive) = ((alpha + T) / (alpha + T + t))^(r + x).
   */
  public double probabilityNoPurchase(double t, int x, double tx, double T) {
    double alive = probabilityAlive(x, tx, T);
    return 1 - alive + alive * Math.pow((alpha + T) / (alpha + T + t), r + x);
  }

  /**
   * Expected purchases in the next {@code t} weeks of a customer with history (x, tx, T) (paper,
   * equation 10).
   *
   * @throws IllegalArgumentException when {@code a == 1}, where this closed form is 0/0
   */
  public double expectedPurchases(double t, int x, double tx, double T) {
    if (a == 1) {
      throw new IllegalArgumentException("the closed form of expected purchases needs a != 1");
    }
    checkHistory(x, tx, T);
    double z = t / (alpha + T + t);
    double hypergeometric = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
    double growth =
        (a + b + x - 1)
            / (a - 1)
            * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hypergeometric);
    return growth / (1 + deadToAliveOdds(x, tx, T));
  }

  private double deadToAliveOdds(int x, double tx, double T) {
    checkHistory(x, tx, T);
    if (x == 0) {
      return 0;
    }
    return a / (b + x - 1) * Math.pow((alpha + T) / (alpha + tx), r + x);
  }

  private static void checkHistory(int x, double tx, double T) {
    if (x < 0 || tx < 0 || tx > T) {
      throw new IllegalArgumentException(
          "need x >= 0 and 0 <= t_x <= T: " + x + ", " + tx + ", " + T);
    }
  }

  /**
   * Log-likelihood of one customer's history (paper, equation 6); summed over customers it is what
   * the published parameters maximise, so it checks that (x, t_x, T) are built as the paper's.
   */
  public double logLikelihood(int x, double tx, double T) {
    checkHistory(x, tx, T);
    double common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
    double alive = logBeta(a, b + x) - logBeta(a, b) + common - (r + x) * Math.log(alpha + T);
    if (x == 0) {
      return alive;
    }
    double dead =
        logBeta(a + 1, b + x - 1) - logBeta(a, b) + common - (r + x) * Math.log(alpha + tx);
    double max = Math.max(alive, dead);
    return max + Math.log(Math.exp(alive - max) + Math.exp(dead - max));
  }

  private static double logBeta(double p, double q) {
    return logGamma(p) + logGamma(q) - logGamma(p + q);
  }

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  /** ln Γ(z) for z > 0, by the Lanczos approximation (g = 7), accurate to about 1e-13. */
  static double logGamma(double z) {
    if (!(z > 0)) {
      throw new IllegalArgumentException("logGamma needs z > 0: " + z);
    }
    if (z < 0.5) {
      // reflection keeps the series in its accurate range
      return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
    }
    double w = z - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (w + i);
    }
    double t = w + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /** Gauss's hypergeometric series 2F1(a, b; c; z), for 0 <= z < 1. */
  static double hypergeometric2F1(double a, double b, double c, double z) {
    if (z < 0 || z >= 1) {
      throw new IllegalArgumentException("series needs 0 <= z < 1: " + z);
    }
    double term = 1;
    double sum = 1;
    for (int k = 0; k < MAX_SERIES_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (Math.abs(term) <= 1e-16 * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException("2F1 series did not converge for z = " + z);
  }
}
