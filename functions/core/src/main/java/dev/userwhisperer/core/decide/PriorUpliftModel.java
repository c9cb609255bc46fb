package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.Profile;
import java.util.Map;

/**
 * The uplift decide assumes before the warehouse has treated and held-out outcomes to learn from: a
 * small positive effect per intervention, so that every catalog entry is sent until evidence says
 * otherwise, ranked by how directly the message answers what the user is facing. Each is an effect
 * on the intervention's {@linkplain Intervention#goal() goal}: conversion for {@code trial_ending}
 * and {@code upgrade_offer}, retention for the rest.
 *
 * <ul>
 *   <li>{@code payment_failed} 0.10: the user usually wants to keep the service and often does not
 *       know the card failed; telling them is the largest and best documented effect;
 *   <li>{@code trial_ending} 0.05: a reminder at a deadline;
 *   <li>{@code churn_save} 0.04, but 0.01 for a user whose churn probability is at least {@value
 *       #FUTILE_CHURN}: Ascarza (2018, "Retention futility", JMR 55(1)) found the riskiest
 *       customers among the least responsive to retention offers;
 *   <li>{@code upgrade_offer} 0.04: an engaged user not yet paying is at a decision point;
 *   <li>{@code welcome} and {@code onboarding_nudge} 0.03: early help, when habits form;
 *   <li>{@code winback} and {@code feature_tip} 0.02: nudges whose effect is modest;
 *   <li>any other intervention {@value #UNKNOWN}: positive, so a new catalog entry is sent (and its
 *       outcomes learned from) rather than silently never chosen.
 * </ul>
 *
 * <p>Only the churn probability modulates the prior; anything finer is for the learned model.
 */
public final class PriorUpliftModel implements UpliftModel {
  static final double FUTILE_CHURN = 0.8;
  static final double UNKNOWN = 0.01;
  private static final double FUTILE_CHURN_SAVE = 0.01;

  private static final Map<String, Double> PRIORS =
      Map.of(
          InterventionCatalog.PAYMENT_FAILED.name(), 0.10,
          InterventionCatalog.TRIAL_ENDING.name(), 0.05,
          InterventionCatalog.CHURN_SAVE.name(), 0.04,
          InterventionCatalog.UPGRADE_OFFER.name(), 0.04,
          InterventionCatalog.WELCOME.name(), 0.03,
          InterventionCatalog.ONBOARDING_NUDGE.name(), 0.03,
          InterventionCatalog.WINBACK.name(), 0.02,
          InterventionCatalog.FEATURE_TIP.name(), 0.02);

  @Override
  public double uplift(String interventionId, Profile profile) {
    if (InterventionCatalog.CHURN_SAVE.name().equals(interventionId)) {
      ChurnScore churn = profile.churn();
      if (churn != null && churn.probability() >= FUTILE_CHURN) {
        return FUTILE_CHURN_SAVE;
      }
    }
    return PRIORS.getOrDefault(interventionId, UNKNOWN);
  }
}
