package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import java.time.Duration;
import java.util.Set;

/**
 * When a user is ready for a nudge toward more value rather than saved from leaving: the rules of
 * ONBOARDING_STALLED and FEATURE_DISCOVERY (checked by the sweep, {@link #ONBOARDING_WINDOW} and
 * {@link #DISCOVERY_AFTER} after {@code user_signup}) and READY_TO_UPGRADE (checked by analyze on
 * every batch).
 *
 * <ul>
 *   <li>onboarding stalled: {@value #ONBOARDING_WINDOW_HOURS} h after signing up the user is not
 *       activated (no {@code onboarding_completed} and no {@code feature_used}, as {@link
 *       LifecycleRules} defines activation) and has not cancelled. 48 h, not 24: the welcome
 *       message goes out at signup, and a user who comes back on the second day has not stalled. A
 *       feature used counts as onboarded because many apps never send {@code onboarding_completed}.
 *   <li>feature discovery: {@value #DISCOVERY_AFTER_DAYS} days after signing up, while habits form
 *       (the day classic drips send their tips), an activated user who is still active (not
 *       AT_RISK, DORMANT or CHURNED) and has used fewer than {@value #DISCOVERY_SHARE_PERCENT} % of
 *       the app's catalogue (trait {@value EngagementScore#CATALOG_TRAIT}); without a catalogue
 *       nothing says the user has seen it all, so every such user is a candidate. Whether a tip
 *       changes what a user does is not a rule here but the uplift decide learns per lifecycle
 *       stage from the holdout: a fixed feature count would only decide whom it never learns about.
 *   <li>ready to upgrade: a user on no paid plan (billing none or trialing) who is POWER or whose
 *       engagement score is at least {@value #UPGRADE_ENGAGEMENT}. One episode per trial, and one
 *       for the time before any trial.
 * </ul>
 */
public final class GrowthSignals {
  static final int ONBOARDING_WINDOW_HOURS = 48;
  static final int DISCOVERY_AFTER_DAYS = 3;
  static final int DISCOVERY_SHARE_PERCENT = 30;
  static final int UPGRADE_ENGAGEMENT = 70;

  /** How long after signing up a user who has not activated has stalled in onboarding. */
  public static final Duration ONBOARDING_WINDOW = Duration.ofHours(ONBOARDING_WINDOW_HOURS);

  /** How long after signing up feature discovery is checked. */
  public static final Duration DISCOVERY_AFTER = Duration.ofDays(DISCOVERY_AFTER_DAYS);

  private static final Set<LifecycleStage> SLIPPING =
      Set.of(LifecycleStage.AT_RISK, LifecycleStage.DORMANT, LifecycleStage.CHURNED);

  private GrowthSignals() {}

  /** Activated as {@link LifecycleRules} has it: onboarding completed or a feature used. */
  public static boolean activated(Profile profile) {
    return profile.activity().count(EventTypes.ONBOARDING_COMPLETED) > 0
        || profile.activity().count(EventTypes.FEATURE_USED) > 0;
  }

  public static boolean onboardingStalled(Profile profile) {
    return !activated(profile) && profile.billing().status() != BillingStatus.CANCELLED;
  }

  /**
   * @param stage the user's lifecycle stage as of the check (the stored one may be days old)
   */
  public static boolean needsFeatureDiscovery(Profile profile, LifecycleStage stage) {
    if (!activated(profile)
        || SLIPPING.contains(stage)
        || profile.billing().status() == BillingStatus.CANCELLED) {
      return false;
    }
    double share = FeatureVector.catalogShare(profile);
    return share < 0 || share * 100 < DISCOVERY_SHARE_PERCENT;
  }

  /** By the profile's stored stage and engagement, which analyze has just evaluated. */
  public static boolean readyToUpgrade(Profile profile) {
    BillingStatus status = profile.billing().status();
    return (status == BillingStatus.NONE || status == BillingStatus.TRIALING)
        && (profile.lifecycle() == LifecycleStage.POWER
            || profile.insights().engagement() >= UPGRADE_ENGAGEMENT);
  }

  /**
   * The episode a READY_TO_UPGRADE belongs to, part of its id: the trial (by its start), or the
   * free use before any trial.
   */
  public static String upgradeEpisode(Profile profile) {
    Billing billing = profile.billing();
    return billing.status() == BillingStatus.TRIALING && billing.trialStartedAt() != null
        ? "trial:" + billing.trialStartedAt()
        : "free";
  }
}
