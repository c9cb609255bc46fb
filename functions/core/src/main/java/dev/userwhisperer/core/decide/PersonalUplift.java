package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
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
 * app's table, then the priors). Either is then shrunk toward what the user's own messages showed.
 *
 * <p>The shrinkage is a normal-normal posterior, hierarchical as the channel and hour bandits are:
 * the prediction is the prior mean of this user's effect, and each settled message is one
 * observation of it, (active within the window − expected from the user's own activity) ({@link
 * MessageEffect}). After n messages the effect is (k·prediction + Σ lift) / (k + n), with k the
 * variance of one observation over the variance of users' effects around the prediction: at most
 * 0.25 (a yes-or-no outcome) over 0.05² (effects spread about 5 points around what the model says,
 * the size marketing effects have), so k = {@value #PREDICTION_WEIGHT}. A user whose activity falls
 * after each message (a sleeping dog) turns negative after a handful of messages; a user whom
 * messages do not move drifts toward no effect; one noisy week moves nobody far. A model that
 * cannot score the user (NaN) leaves the decision to {@code fallback}.
 */
public final class PersonalUplift implements UpliftModel {
  /** How many of the user's own messages the prediction is worth: 0.25 / 0.05². */
  static final double PREDICTION_WEIGHT = 100;

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
  public PredictedEffect predict(String interventionId, Profile profile, Instant at) {
    Optional<EffectModel> model = models.find(profile.appId(), interventionId);
    PredictedEffect predicted = null;
    if (model.isPresent()) {
      double effect = model.get().effect(FeatureVector.of(profile, at, thresholds));
      if (!Double.isNaN(effect)) {
        predicted =
            new PredictedEffect(clamp(effect), PredictedEffect.Source.MODEL, model.get().version());
      }
    }
    if (predicted == null) {
      predicted = fallback.predict(interventionId, profile, at);
    }
    MessageEffect own = profile.responsiveness().effect();
    if (own.messages() == 0) {
      return predicted;
    }
    double personal =
        (PREDICTION_WEIGHT * predicted.uplift() + own.lift())
            / (PREDICTION_WEIGHT + own.messages());
    return new PredictedEffect(clamp(personal), predicted.source(), predicted.modelVersion());
  }

  private static double clamp(double effect) {
    return Math.max(-1, Math.min(1, effect));
  }
}
