package dev.userwhisperer.core.port;

import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import java.util.Objects;

/**
 * Sums over one app's users of what their own messages showed ({@link MessageEffect}): what the
 * learn job needs to tell how far users' responses to messages differ ({@code
 * EffectSpreadEstimator}), read from the warehouse's latest profile snapshot of each user with at
 * least one settled message and a known sum of squares. With n, S and Q a user's count, sum and sum
 * of squares:
 *
 * @param users users counted
 * @param observations Σ n
 * @param sum Σ S
 * @param squares Σ Q
 * @param squaredSums Σ S²
 * @param countTimesSums Σ n·S
 * @param squaredCounts Σ n²
 * @param withinSquares Σ (Q − S²/n) over users with n ≥ 2: their readings around their own mean
 * @param withinDegrees Σ (n − 1) over users with n ≥ 2
 */
public record EffectMoments(
    String appId,
    long users,
    long observations,
    double sum,
    double squares,
    double squaredSums,
    double countTimesSums,
    long squaredCounts,
    double withinSquares,
    long withinDegrees) {

  public EffectMoments {
    Objects.requireNonNull(appId, "appId");
    if (users < 0 || observations < users || squaredCounts < observations || withinDegrees < 0) {
      throw new IllegalArgumentException(
          "counts of "
              + appId
              + " are not those of users with at least one reading: users "
              + users
              + ", observations "
              + observations
              + ", squared counts "
              + squaredCounts
              + ", within degrees "
              + withinDegrees);
    }
  }

  public static EffectMoments none(String appId) {
    return new EffectMoments(appId, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * These sums with one more user's evidence; evidence without readings or squares adds nothing.
   */
  public EffectMoments plus(MessageEffect e) {
    if (e.messages() == 0 || e.squares() == null) {
      return this;
    }
    long n = e.messages();
    double s = e.lift();
    double q = e.squares();
    boolean repeated = n >= 2;
    return new EffectMoments(
        appId,
        users + 1,
        observations + n,
        sum + s,
        squares + q,
        squaredSums + s * s,
        countTimesSums + n * s,
        squaredCounts + n * n,
        withinSquares + (repeated ? Math.max(0, q - s * s / n) : 0),
        withinDegrees + (repeated ? n - 1 : 0));
  }
}
