package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.EffectMoments;
import dev.userwhisperer.core.port.EffectSpread;
import java.util.Optional;

/**
 * Empirical Bayes for the per-user effect of messaging: from one app's own readings ({@link
 * EffectMoments}), how much users truly differ (τ²) and how noisy one reading is (σ²), so that
 * decide weighs a user's few readings against the app-wide prediction by k = σ² / τ² learned from
 * the app, not assumed.
 *
 * <p>Method of moments, each from data alone: σ² is the pooled variance of readings around their
 * own user's mean (users with two or more); τ² is the mean product of two different readings of one
 * user, each taken from the app's mean, since their noises are independent and only the user's own
 * deviation is shared: Σ_i [(S_i − n_i μ)² − Σ_j (x_ij − μ)²] / Σ_i n_i (n_i − 1), floored at 0 (no
 * spread beyond the noise: the positive part, as James-Stein takes it).
 */
public final class EffectSpreadEstimator {
  /**
   * Readings around their user's own mean that σ² must rest on (degrees of freedom); about 100
   * users with two readings each. Fewer, and τ², a difference of two noisy sums, swings by more
   * than its size.
   */
  public static final long MIN_WITHIN_DEGREES = 100;

  private EffectSpreadEstimator() {}

  /** The app's spread, or empty while it has too few users with repeated readings. */
  public static Optional<EffectSpread> estimate(EffectMoments m) {
    if (m.withinDegrees() < MIN_WITHIN_DEGREES || m.withinSquares() <= 0) {
      return Optional.empty();
    }
    double mean = m.sum() / m.observations();
    double noise = m.withinSquares() / m.withinDegrees();
    double pairs = m.squaredCounts() - m.observations();
    double centredSquaredSums =
        m.squaredSums() - 2 * mean * m.countTimesSums() + mean * mean * m.squaredCounts();
    double centredSquares = m.squares() - 2 * mean * m.sum() + mean * mean * m.observations();
    double spread = Math.max(0, (centredSquaredSums - centredSquares) / pairs);
    return Optional.of(
        new EffectSpread(clamp(mean, -1, 1), Math.min(1, noise), Math.min(1, spread), m.users()));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
