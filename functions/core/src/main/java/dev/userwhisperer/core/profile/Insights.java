package dev.userwhisperer.core.profile;

import java.util.List;
import java.util.Objects;

/**
 * Why the profile has its lifecycle stage and engagement score, as of the profile's {@code
 * updatedAt} (or of the sweep that re-evaluated it).
 *
 * @param engagement the engagement score, 0 to 100
 * @param engagementTop the features that contribute most to it, largest first; a contribution is in
 *     points of the score
 * @param lifecycleReasons the features behind the rule that set the stage; a contribution is the
 *     value relative to the rule's threshold (1 = exactly at it)
 */
public record Insights(
    int engagement, List<Contribution> engagementTop, List<Contribution> lifecycleReasons) {
  public static final Insights NONE = new Insights(0, List.of(), List.of());

  public Insights {
    if (engagement < 0 || engagement > 100) {
      throw new IllegalArgumentException("engagement must be within [0, 100]: " + engagement);
    }
    engagementTop = engagementTop == null ? List.of() : List.copyOf(engagementTop);
    lifecycleReasons = lifecycleReasons == null ? List.of() : List.copyOf(lifecycleReasons);
  }

  /**
   * One feature's part in an explanation; numbers are kept to three decimals, which is all a reader
   * needs.
   */
  public record Contribution(String feature, double value, double contribution) {
    public Contribution {
      Objects.requireNonNull(feature, "feature");
      if (!Double.isFinite(value) || !Double.isFinite(contribution)) {
        throw new IllegalArgumentException(
            "not finite: " + feature + "=" + value + " (" + contribution + ")");
      }
      value = Math.round(value * 1000) / 1000.0;
      contribution = Math.round(contribution * 1000) / 1000.0;
    }
  }
}
