package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The effect of an intervention on this user: the app's per-user treatment-effect model for it,
 * when the learn job has promoted one, fed the user's features as of the decision ({@link
 * FeatureVector}, the code the models are trained with); otherwise what {@code fallback} says (the
 * app's table, then the priors). Either is then moved by what the user's own messages showed.
 *
 * <p>A random-effects posterior, hierarchical as the channel and hour bandits are: the prediction
 * is this user's effect if they respond to messages as the app's users do on average; each settled
 * message is one reading of how they respond ({@link MessageEffect}: active within the window −
 * expected from their own activity), and the user's effect is the prediction plus the posterior
 * mean of their deviation from the app's mean reading, n / (n + k) · (their mean − the app's), with
 * k = noise / spread learned from the app's own users ({@link EffectSpread}, via {@code fallback}:
 * the learn job's table). So a user whose activity falls after message after message, where the
 * app's users' readings do differ, ends negative and is left alone; one that messages lift gets
 * more; where readings differ by no more than their noise, they move nobody. Until an app has
 * enough readings, {@link EffectSpread#ASSUMED} (k = 100). A model that cannot score the user (NaN)
 * leaves the decision to {@code fallback}.
 *
 * <p>Uncertainty, for the ranking's draws ({@link PredictedEffect}): the user's own part is the
 * posterior standard deviation of their deviation, √(1 / (1/τ² + n/σ²)) ({@link #ownVariance}); the
 * intervention's part is {@code fallback}'s (the table's estimator) or, for a model, which states
 * none, the users' spread τ around its prediction, never below {@link EffectSpread#ASSUMED}'s 5
 * points ({@link #modelStandardDeviation}).
 */
public final class PersonalUplift implements UpliftModel {
  private final UpliftModel fallback;
  private final TreatmentEffectModels models;
  private final LifecycleThresholds thresholds;

  public PersonalUplift(
      UpliftModel fallback, TreatmentEffectModels models, LifecycleThresholds thresholds) {
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.models = Objects.requireNonNull(models, "models");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  /** As of the profile's last update. */
  @Override
  public double uplift(String interventionId, Profile profile) {
    Instant at = profile.updatedAt() != null ? profile.updatedAt() : Instant.EPOCH;
    return predict(interventionId, profile, at).uplift();
  }

  @Override
  public EffectSpread spread(String appId) {
    return fallback.spread(appId);
  }

  @Override
  public PredictedEffect predict(String interventionId, Profile profile, Instant at) {
    EffectSpread spread = fallback.spread(profile.appId());
    Optional<EffectModel> model = models.find(profile.appId(), interventionId);
    PredictedEffect predicted = null;
    if (model.isPresent()) {
      double effect = model.get().effect(FeatureVector.of(profile, at, thresholds));
      if (!Double.isNaN(effect)) {
        predicted =
            new PredictedEffect(
                clamp(effect),
                modelStandardDeviation(spread),
                0,
                PredictedEffect.Source.MODEL,
                model.get().version());
      }
    }
    if (predicted == null) {
      predicted = fallback.predict(interventionId, profile, at);
    }
    MessageEffect own = profile.responsiveness().effect();
    double ownSd = Math.sqrt(ownVariance(spread, own));
    if (own.messages() == 0) {
      return predicted.personal(predicted.uplift(), ownSd);
    }
    return predicted.personal(clamp(predicted.uplift() + spread.deviation(own)), ownSd);
  }

  /**
   * The users' spread around the app's expectation, τ² (the app's learned spread, never below
   * {@link EffectSpread#ASSUMED}'s: a prediction is not exact for a user just because the app's
   * users read alike), narrowed by the user's {@code n} readings of noise σ²: 1 / (1/τ² + n/σ²),
   * the posterior variance of the user's own deviation in the normal random-effects model.
   */
  static double ownVariance(EffectSpread spread, MessageEffect own) {
    double tau2 = Math.max(spread.spreadVariance(), EffectSpread.ASSUMED.spreadVariance());
    return 1 / (1 / tau2 + own.messages() / spread.noiseVariance());
  }

  /**
   * How far a per-user model's prediction may be off for an intervention: the model states no
   * uncertainty ({@link EffectModel}), so the users' spread τ around an expectation, floored as in
   * {@link #ownVariance}. A model that had learned nothing about users would be off by τ; one that
   * beat random on held-out rows (promotion) is off by less, by how much it does not say, so τ is
   * an upper estimate: a model's choice among interventions stays explored rather than taken at its
   * word.
   */
  static double modelStandardDeviation(EffectSpread spread) {
    return Math.sqrt(Math.max(spread.spreadVariance(), EffectSpread.ASSUMED.spreadVariance()));
  }

  private static double clamp(double effect) {
    return Math.max(-1, Math.min(1, effect));
  }
}
