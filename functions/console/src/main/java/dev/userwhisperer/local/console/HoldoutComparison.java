package dev.userwhisperer.local.console;

/**
 * One outcome of the users the platform treated against its global holdout: the two rates and their
 * difference with a 95 % confidence interval (normal approximation of the difference of two
 * proportions, the Wald interval; wide and honest at small counts, empty when a group is).
 *
 * @param treated users who entered and were not held out
 * @param treatedHits of them, those with the outcome
 * @param control users held out
 * @param controlHits of them, those with the outcome
 */
public record HoldoutComparison(
    String outcome, long treated, long treatedHits, long control, long controlHits) {
  private static final double Z95 = 1.959964;

  public HoldoutComparison {
    if (treated < 0 || control < 0 || treatedHits < 0 || controlHits < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
    if (treatedHits > treated || controlHits > control) {
      throw new IllegalArgumentException("more users with the outcome than users");
    }
  }

  /** Whether both groups have users, so that there is a difference to show. */
  public boolean comparable() {
    return treated > 0 && control > 0;
  }

  public double treatedRate() {
    return treated == 0 ? Double.NaN : (double) treatedHits / treated;
  }

  public double controlRate() {
    return control == 0 ? Double.NaN : (double) controlHits / control;
  }

  /** Treated rate minus control rate, in proportion points. */
  public double difference() {
    return treatedRate() - controlRate();
  }

  public double low() {
    return difference() - Z95 * standardError();
  }

  public double high() {
    return difference() + Z95 * standardError();
  }

  private double standardError() {
    double t = treatedRate();
    double c = controlRate();
    return Math.sqrt(t * (1 - t) / treated + c * (1 - c) / control);
  }
}
