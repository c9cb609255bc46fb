package dev.userwhisperer.core.learn;

/**
 * An intervention's expected uplift in one cell.
 *
 * @param uplift posterior mean of treated minus control retention rate, in [-1, 1]
 * @param standardError posterior standard deviation of that difference, not negative
 */
public record UpliftEstimate(double uplift, double standardError) {
  public UpliftEstimate {
    if (!(uplift >= -1.0 && uplift <= 1.0)) {
      throw new IllegalArgumentException("uplift must be within [-1, 1], was " + uplift);
    }
    if (!(standardError >= 0.0) || Double.isInfinite(standardError)) {
      throw new IllegalArgumentException(
          "standardError must be finite and not negative, was " + standardError);
    }
  }
}
