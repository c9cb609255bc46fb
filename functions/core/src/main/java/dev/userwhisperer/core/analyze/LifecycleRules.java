package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Insights;
import dev.userwhisperer.core.profile.Insights.Contribution;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Derives a user's {@link LifecycleStage} at a point in time, with the features behind it. The
 * first rule that matches wins:
 *
 * <ol>
 *   <li>CHURNED: the subscription is cancelled, or no activity for {@code churnedAfter} (30 days);
 *   <li>DORMANT: no activity for {@code dormantAfter} (14 days);
 *   <li>AT_RISK: no activity for {@code atRiskAfter} (7 days);
 *   <li>REACTIVATED: active again, within {@code reactivatedFor} (14 days), after at least {@code
 *       atRiskAfter} without activity;
 *   <li>AT_RISK: the last week's activity fell at least {@code atRiskDrift} (0.7) below the user's
 *       own baseline ({@link Features#driftAt}), once the baseline has {@code driftMinBaselineDays}
 *       (14) days of history and {@code driftMinBaselineRate} (1) events a day;
 *   <li>POWER: at least {@code powerSessions} sessions and {@code powerFeatureUses} feature uses
 *       (10, 10);
 *   <li>ENGAGED: activated (below) and active on {@code engagedActiveDays} (3) of the last 7 days;
 *   <li>ACTIVATED: a feature used, or onboarding completed;
 *   <li>ONBOARDING: an onboarding step completed, or past the first day without activation;
 *   <li>NEW: within {@code newPeriod} (1 day) of first being seen and nothing done yet.
 * </ol>
 *
 * Inactivity is measured from the last activity ({@link Activity#lastActiveAt()}), or from the
 * first event when the user never did anything in the app. The reasons name the features the
 * matching rule tested, each with its value relative to the rule's threshold as the contribution.
 */
public final class LifecycleRules {
  private static final double DAY_SECONDS = 86_400;

  private final LifecycleThresholds thresholds;

  public LifecycleRules(LifecycleThresholds thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  public LifecycleThresholds thresholds() {
    return thresholds;
  }

  /** A stage and the features behind it. */
  public record Explained(LifecycleStage stage, List<Contribution> reasons) {
    public Explained {
      Objects.requireNonNull(stage, "stage");
      reasons = List.copyOf(reasons);
    }
  }

  public LifecycleStage stageAt(Profile profile, Instant at) {
    return explain(profile, at).stage();
  }

  /** The profile with its stage, engagement score and their reasons as of {@code at}. */
  public Profile evaluate(Profile profile, Instant at) {
    Explained stage = explain(profile, at);
    EngagementScore.Scored engagement = EngagementScore.of(profile, at, thresholds);
    return profile.withStage(
        stage.stage(), new Insights(engagement.score(), engagement.top(), stage.reasons()), at);
  }

  public Explained explain(Profile profile, Instant at) {
    Activity activity = profile.activity();
    if (profile.billing().status() == BillingStatus.CANCELLED) {
      return new Explained(
          LifecycleStage.CHURNED, List.of(new Contribution("subscription_cancelled", 1, 1)));
    }
    Instant lastActive =
        activity.lastActiveAt() != null ? activity.lastActiveAt() : activity.firstSeen();
    if (lastActive == null) {
      return new Explained(LifecycleStage.NEW, List.of());
    }
    Duration inactive = Duration.between(lastActive, at);
    for (var rule :
        List.of(
            new Inactivity(LifecycleStage.CHURNED, thresholds.churnedAfter()),
            new Inactivity(LifecycleStage.DORMANT, thresholds.dormantAfter()),
            new Inactivity(LifecycleStage.AT_RISK, thresholds.atRiskAfter()))) {
      if (inactive.compareTo(rule.after()) >= 0) {
        return new Explained(
            rule.stage(), List.of(ratio("days_inactive", days(inactive), days(rule.after()))));
      }
    }
    Features f = profile.features();
    if (f.returnedAt() != null && !f.returnedAt().isAfter(at)) {
      Duration since = Duration.between(f.returnedAt(), at);
      if (since.compareTo(thresholds.reactivatedFor()) < 0) {
        return new Explained(
            LifecycleStage.REACTIVATED,
            List.of(
                ratio(
                    "idle_days_before_return",
                    f.idleDaysBeforeReturn(),
                    days(thresholds.atRiskAfter())),
                ratio("days_since_return", days(since), days(thresholds.reactivatedFor()))));
      }
    }
    ZoneId zone = Features.zone(profile.timezone());
    double drift =
        f.driftAt(at, zone, thresholds.driftMinBaselineDays(), thresholds.driftMinBaselineRate());
    if (drift >= thresholds.atRiskDrift()) {
      double baseline =
          f.baselineRate(at.atZone(zone).toLocalDate().minusDays(Features.DRIFT_WINDOW_DAYS + 1L));
      return new Explained(
          LifecycleStage.AT_RISK,
          List.of(
              ratio("drift", drift, thresholds.atRiskDrift()),
              ratio("baseline_rate", baseline, thresholds.driftMinBaselineRate())));
    }
    long featureUses = activity.count(EventTypes.FEATURE_USED);
    if (activity.sessionCount() >= thresholds.powerSessions()
        && featureUses >= thresholds.powerFeatureUses()) {
      return new Explained(
          LifecycleStage.POWER,
          List.of(
              ratio("sessions", activity.sessionCount(), thresholds.powerSessions()),
              ratio("feature_uses", featureUses, thresholds.powerFeatureUses())));
    }
    long onboarded = activity.count(EventTypes.ONBOARDING_COMPLETED);
    if (featureUses > 0 || onboarded > 0) {
      long activeDays = f.activeDays(7, at.atZone(zone).toLocalDate());
      if (activeDays >= thresholds.engagedActiveDays()) {
        return new Explained(
            LifecycleStage.ENGAGED,
            List.of(ratio("active_days_7d", activeDays, thresholds.engagedActiveDays())));
      }
      return new Explained(
          LifecycleStage.ACTIVATED,
          featureUses > 0
              ? List.of(ratio("feature_uses", featureUses, 1))
              : List.of(ratio("onboarding_completed", onboarded, 1)));
    }
    long steps = activity.count(EventTypes.ONBOARDING_STEP_COMPLETED);
    if (steps > 0) {
      return new Explained(LifecycleStage.ONBOARDING, List.of(ratio("onboarding_steps", steps, 1)));
    }
    Instant firstSeen = activity.firstSeen() != null ? activity.firstSeen() : lastActive;
    Duration age = Duration.between(firstSeen, at);
    boolean firstDay = age.compareTo(thresholds.newPeriod()) < 0;
    return new Explained(
        firstDay ? LifecycleStage.NEW : LifecycleStage.ONBOARDING,
        List.of(ratio("days_since_first_seen", days(age), days(thresholds.newPeriod()))));
  }

  private record Inactivity(LifecycleStage stage, Duration after) {}

  private static Contribution ratio(String feature, double value, double threshold) {
    return new Contribution(feature, value, threshold > 0 ? value / threshold : 0);
  }

  private static double days(Duration d) {
    return d.toSeconds() / DAY_SECONDS;
  }
}
