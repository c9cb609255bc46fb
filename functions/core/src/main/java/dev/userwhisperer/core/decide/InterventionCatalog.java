package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.Channel;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.signal.Signal;
import java.util.List;

/**
 * Which interventions could answer a signal, given the profile:
 *
 * <ul>
 *   <li>SIGNED_UP → {@code welcome} (email, push);
 *   <li>PAYMENT_FAILED → {@code payment_failed} (email, sms, push), transactional;
 *   <li>TRIAL_ENDING → {@code trial_ending} (email, push), unless no longer trialing ({@code
 *       already_converted});
 *   <li>INACTIVE → {@code winback} (email, push), unless the subscription is cancelled ({@code
 *       no_intervention}: a cancelled user is not won back by an activity nudge);
 *   <li>CHURN_RISK → {@code churn_save} (email, push), unless the subscription is cancelled ({@code
 *       no_intervention}).
 * </ul>
 */
public final class InterventionCatalog {
  public static final Intervention WELCOME =
      new Intervention("welcome", List.of(Channel.EMAIL, Channel.PUSH), false);
  public static final Intervention PAYMENT_FAILED =
      new Intervention("payment_failed", List.of(Channel.EMAIL, Channel.SMS, Channel.PUSH), true);
  public static final Intervention TRIAL_ENDING =
      new Intervention("trial_ending", List.of(Channel.EMAIL, Channel.PUSH), false);
  public static final Intervention WINBACK =
      new Intervention("winback", List.of(Channel.EMAIL, Channel.PUSH), false);
  public static final Intervention CHURN_SAVE =
      new Intervention("churn_save", List.of(Channel.EMAIL, Channel.PUSH), false);

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

  public record NotApplicable(String reason) implements Match {}

  public Match match(Signal signal, Profile profile) {
    BillingStatus billing = profile.billing().status();
    return switch (signal.type()) {
      case SIGNED_UP -> new Found(WELCOME);
      case PAYMENT_FAILED -> new Found(PAYMENT_FAILED);
      case TRIAL_ENDING ->
          billing == BillingStatus.TRIALING
              ? new Found(TRIAL_ENDING)
              : new NotApplicable("already_converted");
      case INACTIVE ->
          billing == BillingStatus.CANCELLED
              ? new NotApplicable("no_intervention")
              : new Found(WINBACK);
      case CHURN_RISK ->
          billing == BillingStatus.CANCELLED
              ? new NotApplicable("no_intervention")
              : new Found(CHURN_SAVE);
    };
  }
}
