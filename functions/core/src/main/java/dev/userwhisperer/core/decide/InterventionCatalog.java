package dev.userwhisperer.core.decide;

import static dev.userwhisperer.core.message.Channel.EMAIL;
import static dev.userwhisperer.core.message.Channel.PUSH;
import static dev.userwhisperer.core.message.Channel.SMS;

import dev.userwhisperer.core.learn.UpliftGoal;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Profile;
import java.util.List;

/**
 * Which interventions could answer a signal, given the profile:
 *
 * <ul>
 *   <li>SIGNED_UP → {@code welcome} (email, push);
 *   <li>PAYMENT_FAILED → {@code payment_failed} (email, sms, push), transactional;
 *   <li>TRIAL_ENDING and its TRIAL_LAST_CALL → {@code trial_ending} (email, push, sms), a deadline,
 *       while trialing; not once subscribed ({@code already_converted}) or cancelled ({@code
 *       no_intervention});
 *   <li>INACTIVE → {@code winback} (email, push, sms) or {@code feature_tip} (push, email), unless
 *       the subscription is cancelled ({@code no_intervention}: a cancelled user is not won back by
 *       an activity nudge);
 *   <li>CHURN_RISK → {@code churn_save} (email, push, sms) or {@code feature_tip}, unless the
 *       subscription is cancelled ({@code no_intervention});
 *   <li>ONBOARDING_STALLED → {@code onboarding_nudge} (email, push), unless cancelled ({@code
 *       no_intervention});
 *   <li>FEATURE_DISCOVERY → {@code feature_tip} (push, email: a tip is light) to a user who has not
 *       paid yet, trialing or on no plan; not to a subscriber or a cancelled user ({@code
 *       no_intervention}): first-week discovery is activation before the paywall, and a user who
 *       paid at signup has made that decision (docs/design-notes.md, "What 8,000 simulated users
 *       showed");
 *   <li>READY_TO_UPGRADE → {@code upgrade_offer} (email, push, sms) while on no plan; not during a
 *       trial ({@code trial_in_progress}): a trial user already has what an upgrade gives, and the
 *       ask is made at the trial's end, by the reminder and its last call; else {@code
 *       already_converted}.
 * </ul>
 *
 * SMS is a candidate wherever the content is a short text that needs no more (compose has an SMS
 * template for each such intervention): a tip or an onboarding nudge shows a feature and stays on
 * e-mail and push. SMS needs explicit consent, and its cost is weighed per message ({@link
 * ChannelCosts}: the app's own, or the policy's).
 *
 * <p>Where there are several candidates the first is the one made for the signal; a tip of an
 * unused feature is the alternative that decide may find to work better for a user.
 */
public final class InterventionCatalog {
  public static final Intervention WELCOME =
      Intervention.marketing("welcome", EMAIL, PUSH).sentAtOnce();
  public static final Intervention PAYMENT_FAILED =
      Intervention.transactional("payment_failed", EMAIL, SMS, PUSH);
  public static final Intervention TRIAL_ENDING =
      Intervention.marketing("trial_ending", EMAIL, PUSH, SMS)
          .atADeadline()
          .aimedAt(UpliftGoal.CONVERSION);
  public static final Intervention WINBACK = Intervention.marketing("winback", EMAIL, PUSH, SMS);
  public static final Intervention CHURN_SAVE =
      Intervention.marketing("churn_save", EMAIL, PUSH, SMS);
  public static final Intervention ONBOARDING_NUDGE =
      Intervention.marketing("onboarding_nudge", EMAIL, PUSH);
  public static final Intervention FEATURE_TIP = Intervention.marketing("feature_tip", PUSH, EMAIL);
  public static final Intervention UPGRADE_OFFER =
      Intervention.marketing("upgrade_offer", EMAIL, PUSH, SMS).aimedAt(UpliftGoal.CONVERSION);

  /** Every intervention of the catalog: compose has templates for each. */
  public static final List<Intervention> ALL =
      List.of(
          WELCOME,
          PAYMENT_FAILED,
          TRIAL_ENDING,
          WINBACK,
          CHURN_SAVE,
          ONBOARDING_NUDGE,
          FEATURE_TIP,
          UPGRADE_OFFER);

  /** Either the candidate interventions (at least one) or the reason there is none. */
  public sealed interface Match {}

  /** The interventions that could answer the signal; decide ranks them by expected uplift. */
  public record Found(List<Intervention> candidates) implements Match {
    public Found {
      if (candidates == null || candidates.isEmpty()) {
        throw new IllegalArgumentException("a match has at least one candidate");
      }
      candidates = List.copyOf(candidates);
    }

    public Found(Intervention only) {
      this(List.of(only));
    }
  }

  public record NotApplicable(DecisionReason reason) implements Match {}

  /** The goal an intervention's uplift is learned on; retention for a name not in the catalog. */
  public static UpliftGoal goalOf(String interventionName) {
    return ALL.stream()
        .filter(i -> i.name().equals(interventionName))
        .findFirst()
        .map(Intervention::goal)
        .orElse(UpliftGoal.RETENTION);
  }

  public Match match(Signal signal, Profile profile) {
    return match(signal.type(), profile);
  }

  /** What the catalog offers for a signal of this type to the user as they are now. */
  public Match match(SignalType type, Profile profile) {
    BillingStatus billing = profile.billing().status();
    return switch (type) {
      case SIGNED_UP -> new Found(WELCOME);
      case PAYMENT_FAILED -> new Found(PAYMENT_FAILED);
      case TRIAL_ENDING, TRIAL_LAST_CALL ->
          switch (billing) {
            case TRIALING -> new Found(TRIAL_ENDING);
            case ACTIVE, PAST_DUE -> new NotApplicable(DecisionReason.ALREADY_CONVERTED);
            case NONE, CANCELLED -> new NotApplicable(DecisionReason.NO_INTERVENTION);
          };
      case INACTIVE -> unlessCancelled(billing, WINBACK, FEATURE_TIP);
      case CHURN_RISK -> unlessCancelled(billing, CHURN_SAVE, FEATURE_TIP);
      case ONBOARDING_STALLED -> unlessCancelled(billing, ONBOARDING_NUDGE);
      case FEATURE_DISCOVERY ->
          billing == BillingStatus.TRIALING || billing == BillingStatus.NONE
              ? new Found(FEATURE_TIP)
              : new NotApplicable(DecisionReason.NO_INTERVENTION);
      case READY_TO_UPGRADE ->
          switch (billing) {
            case NONE -> new Found(UPGRADE_OFFER);
            case TRIALING -> new NotApplicable(DecisionReason.TRIAL_IN_PROGRESS);
            default -> new NotApplicable(DecisionReason.ALREADY_CONVERTED);
          };
      case RELEASE_DUE ->
          throw new IllegalArgumentException(
              "a release is answered by the decision it releases, not by the catalog");
    };
  }

  private static Match unlessCancelled(BillingStatus billing, Intervention... candidates) {
    return billing == BillingStatus.CANCELLED
        ? new NotApplicable(DecisionReason.NO_INTERVENTION)
        : new Found(List.of(candidates));
  }
}
