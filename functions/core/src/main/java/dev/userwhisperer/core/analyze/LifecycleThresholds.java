package dev.userwhisperer.core.analyze;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers behind {@link LifecycleRules}, in one place.
 *
 * @param newPeriod how long after first being seen a user who has done nothing is still NEW
 * @param powerSessions sessions needed (with {@code powerFeatureUses}) to be POWER
 * @param powerFeatureUses {@code feature_used} events needed (with {@code powerSessions}) to be POWER
 * @param atRiskAfter inactivity after which a user is AT_RISK
 * @param dormantAfter inactivity after which a user is DORMANT
 * @param churnedAfter inactivity after which a user is CHURNED
 */
public record LifecycleThresholds(
    Duration newPeriod, long powerSessions, long powerFeatureUses, Duration atRiskAfter,
    Duration dormantAfter, Duration churnedAfter) {

  public static final LifecycleThresholds DEFAULTS =
      new LifecycleThresholds(
          Duration.ofDays(1), 10, 10, Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30));

  public LifecycleThresholds {
    Objects.requireNonNull(newPeriod, "newPeriod");
    Objects.requireNonNull(atRiskAfter, "atRiskAfter");
    Objects.requireNonNull(dormantAfter, "dormantAfter");
    Objects.requireNonNull(churnedAfter, "churnedAfter");
    if (atRiskAfter.compareTo(dormantAfter) > 0 || dormantAfter.compareTo(churnedAfter) > 0) {
      throw new IllegalArgumentException("need atRiskAfter <= dormantAfter <= churnedAfter");
    }
  }
}
