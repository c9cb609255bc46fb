package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.event.EventTypes;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Derives a user's {@link LifecycleStage} at a point in time. The first rule that matches wins:
 *
 * <ol>
 *   <li>CHURNED: the subscription is cancelled, or no activity for {@code churnedAfter} (30 days);
 *   <li>DORMANT: no activity for {@code dormantAfter} (14 days);
 *   <li>AT_RISK: no activity for {@code atRiskAfter} (7 days);
 *   <li>POWER: at least {@code powerSessions} sessions and {@code powerFeatureUses} feature uses (10, 10);
 *   <li>ACTIVATED: a feature used, or onboarding completed;
 *   <li>ONBOARDING: an onboarding step completed, or past the first day without activation;
 *   <li>NEW: within {@code newPeriod} (1 day) of first being seen and nothing done yet.
 * </ol>
 *
 * Inactivity is measured from the last activity ({@link Activity#lastActiveAt()}), or from the first
 * event when the user never did anything in the app.
 */
public final class LifecycleRules {
  private final LifecycleThresholds thresholds;

  public LifecycleRules(LifecycleThresholds thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  public LifecycleThresholds thresholds() {
    return thresholds;
  }

  public LifecycleStage stageAt(Profile profile, Instant at) {
    Activity activity = profile.activity();
    if (profile.billing().status() == BillingStatus.CANCELLED) {
      return LifecycleStage.CHURNED;
    }
    Instant lastActive = activity.lastActiveAt() != null ? activity.lastActiveAt() : activity.firstSeen();
    if (lastActive == null) {
      return LifecycleStage.NEW;
    }
    Duration inactive = Duration.between(lastActive, at);
    if (inactive.compareTo(thresholds.churnedAfter()) >= 0) {
      return LifecycleStage.CHURNED;
    }
    if (inactive.compareTo(thresholds.dormantAfter()) >= 0) {
      return LifecycleStage.DORMANT;
    }
    if (inactive.compareTo(thresholds.atRiskAfter()) >= 0) {
      return LifecycleStage.AT_RISK;
    }
    long featureUses = activity.count(EventTypes.FEATURE_USED);
    if (activity.sessionCount() >= thresholds.powerSessions()
        && featureUses >= thresholds.powerFeatureUses()) {
      return LifecycleStage.POWER;
    }
    if (featureUses > 0 || activity.count(EventTypes.ONBOARDING_COMPLETED) > 0) {
      return LifecycleStage.ACTIVATED;
    }
    if (activity.count(EventTypes.ONBOARDING_STEP_COMPLETED) > 0) {
      return LifecycleStage.ONBOARDING;
    }
    Instant firstSeen = activity.firstSeen() != null ? activity.firstSeen() : lastActive;
    boolean firstDay = Duration.between(firstSeen, at).compareTo(thresholds.newPeriod()) < 0;
    return firstDay ? LifecycleStage.NEW : LifecycleStage.ONBOARDING;
  }
}
