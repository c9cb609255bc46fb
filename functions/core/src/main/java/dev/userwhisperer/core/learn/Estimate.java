package dev.userwhisperer.core.learn;

/**
 * An off-policy estimate of a policy's expected reward per decision.
 *
 * @param value the estimate
 * @param standardError its estimated standard error, not negative
 * @param sampleSize the logged decisions it rests on
 */
public record Estimate(double value, double standardError, int sampleSize) {
  public Estimate {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    if (!(standardError >= 0.0) || Double.isInfinite(standardError)) {
      throw new IllegalArgumentException(
          "standardError must be finite and not negative, was " + standardError);
    }
    if (sampleSize < 2) {
      throw new IllegalArgumentException(
          "a standard error needs at least 2 decisions, had " + sampleSize);
    }
  }
}
