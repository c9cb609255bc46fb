package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.core.port.TreatmentEffectModels.Prediction;
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
 * <p>A model's prediction is its calibrated value: the realized uplift, on the model's held-out
 * rows, of the bin its score falls in ({@link Prediction}); the raw score is kept for the decision
 * log.
 *
 * <p>Uncertainty, for the ranking's draws ({@link PredictedEffect}): the user's own part is the
 * posterior standard deviation of their deviation, √(1 / (1/τ² + n/σ²)) ({@link #ownVariance}); the
 * intervention's part is {@code fallback}'s (the table's estimator) or, for a model, its bin's
 * standard error ({@link #modelStandardDeviation}).
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
      Prediction p = model.get().predict(FeatureVector.of(profile, at, thresholds));
      if (!Double.isNaN(p.score()) && !Double.isNaN(p.effect())) {
        predicted =
            new PredictedEffect(
                clamp(p.effect()),
                modelStandardDeviation(p, spread),
                0,
                PredictedEffect.Source.MODEL,
                model.get().version(),
                Double.isFinite(p.score()) ? p.score() : null);
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
   * The smallest standard error a calibrated prediction is served with: 1 point. A calibration is
   * measured on the last 14 closed days, and the effect it measured moves as the app and its users
   * do; with tens of thousands of held-out rows a bin's error would fall below a point and the
   * ranking would stop exploring between interventions on a measurement that is already weeks old.
   */
  static final double MIN_CALIBRATED_STANDARD_ERROR = 0.01;

  /**
   * How far a per-user model's prediction may be off for an intervention. A calibrated model says
   * so: its score's bin's standard error on held-out rows ({@link Prediction#standardError}), never
   * below {@link #MIN_CALIBRATED_STANDARD_ERROR}. A model that states none (trained before
   * calibration) is taken to be off by the users' spread τ around an expectation, floored as in
   * {@link #ownVariance}: a model that had learned nothing about users would be off by τ, so τ is
   * an upper estimate.
   */
  static double modelStandardDeviation(Prediction prediction, EffectSpread spread) {
    if (prediction.calibrated()) {
      return Math.max(prediction.standardError(), MIN_CALIBRATED_STANDARD_ERROR);
    }
    return Math.sqrt(Math.max(spread.spreadVariance(), EffectSpread.ASSUMED.spreadVariance()));
  }

  private static double clamp(double effect) {
    return Math.max(-1, Math.min(1, effect));
  }
}
