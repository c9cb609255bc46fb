package dev.userwhisperer.core.analyze;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers behind {@link LifecycleRules}, in one place.
 *
 * @param newPeriod how long after first being seen a user who has done nothing is still NEW
 * @param powerSessions sessions needed (with {@code powerFeatureUses}) to be POWER
 * @param powerFeatureUses {@code feature_used} events needed (with {@code powerSessions}) to be
 *     POWER
 * @param engagedActiveDays active days among the last 7 needed by an activated user to be ENGAGED
 * @param atRiskAfter inactivity after which a user is AT_RISK
 * @param dormantAfter inactivity after which a user is DORMANT
 * @param churnedAfter inactivity after which a user is CHURNED
 * @param reactivatedFor how long a user who returns after at least {@code atRiskAfter} of
 *     inactivity stays REACTIVATED
 * @param atRiskDrift the drift (see {@code Features.driftAt}) from which a user is AT_RISK
 * @param driftMinBaselineDays days of history the baseline needs before drift counts
 * @param driftMinBaselineRate activity events a day the baseline needs before drift counts
 */
public record LifecycleThresholds(
    Duration newPeriod,
    long powerSessions,
    long powerFeatureUses,
    int engagedActiveDays,
    Duration atRiskAfter,
    Duration dormantAfter,
    Duration churnedAfter,
    Duration reactivatedFor,
    double atRiskDrift,
    int driftMinBaselineDays,
    double driftMinBaselineRate) {

  public static final LifecycleThresholds DEFAULTS =
      new LifecycleThresholds(
          Duration.ofDays(1),
          10,
          10,
          3,
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(30),
          Duration.ofDays(14),
          0.7,
          14,
          1.0);

  public LifecycleThresholds {
    Objects.requireNonNull(newPeriod, "newPeriod");
    Objects.requireNonNull(atRiskAfter, "atRiskAfter");
    Objects.requireNonNull(dormantAfter, "dormantAfter");
    Objects.requireNonNull(churnedAfter, "churnedAfter");
    Objects.requireNonNull(reactivatedFor, "reactivatedFor");
    if (atRiskAfter.compareTo(dormantAfter) > 0 || dormantAfter.compareTo(churnedAfter) > 0) {
      throw new IllegalArgumentException("need atRiskAfter <= dormantAfter <= churnedAfter");
    }
    if (!(atRiskDrift > 0 && atRiskDrift <= 1)) {
      throw new IllegalArgumentException("atRiskDrift must be within (0, 1]: " + atRiskDrift);
    }
    if (engagedActiveDays < 1 || engagedActiveDays > 7) {
      throw new IllegalArgumentException(
          "engagedActiveDays must be within [1, 7]: " + engagedActiveDays);
    }
  }
}
