package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;

/**
 * Expected uplift of an intervention for one user: the difference it makes to the probability that
 * this user is retained (active in the second week of the attribution window after the decision),
 * or converts, by the intervention's goal, treated minus not treated. Decide chooses among
 * candidate interventions by draws from its posterior ({@link #predict}) and sends nothing when the
 * chosen is not expected to help (Ascarza 2018: target the users a message changes, not the
 * riskiest).
 */
public interface UpliftModel {

  /**
   * @param interventionId the catalog name ({@link Intervention#name()})
   * @param profile the user as analyze last saw them
   * @return expected uplift in probability points, within [-1, 1]
   */
  double uplift(String interventionId, Profile profile);

  /**
   * The posterior of the uplift as of {@code at}, with what decided it. A model that looks at
   * nothing but the profile answers {@link #uplift} as a prior taken at its word (no spread): how
   * uncertain a prior is, the table's estimator says ({@link LearnedUpliftModel}).
   */
  default PredictedEffect predict(String interventionId, Profile profile, Instant at) {
    return PredictedEffect.prior(uplift(interventionId, profile));
  }

  /**
   * How the app's users' own readings of what messages do to them are spread, with which {@link
   * PersonalUplift} weighs a user's readings; {@link EffectSpread#ASSUMED} for a model that learned
   * none.
   */
  default EffectSpread spread(String appId) {
    return EffectSpread.ASSUMED;
  }
}
