package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.learn.HierarchicalPrior;
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
 * FeatureVector}, the code the models are trained with) and shrunk toward what the user's own
 * messages showed; otherwise what {@code fallback} says (the app's table, then the priors).
 *
 * <p>The shrinkage is the channel and hour bandits' ({@link HierarchicalPrior#DEFAULT}): the
 * model's prediction counts as {@value #MODEL_WEIGHT} of the user's own messages, and each settled
 * message adds its (active within the window − expected from the user's own activity) ({@link
 * MessageEffect}). After n such messages the effect is (k·model + Σ lift) / (k + n), so a user whom
 * messages do not move drifts toward no effect, and past it when their activity falls after
 * messages, whatever the model said for users like them. A model that cannot score the user (NaN)
 * leaves the decision to {@code fallback}.
 */
public final class PersonalUplift implements UpliftModel {
  /** How many of the user's own messages the model's prediction is worth. */
  static final double MODEL_WEIGHT = HierarchicalPrior.DEFAULT.strength();

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
    if (model.isEmpty()) {
      return fallback.predict(interventionId, profile, at);
    }
    double predicted = model.get().effect(FeatureVector.of(profile, at, thresholds));
    if (Double.isNaN(predicted)) {
      return fallback.predict(interventionId, profile, at);
    }
    MessageEffect own = profile.responsiveness().effect();
    double personal =
        (MODEL_WEIGHT * clamp(predicted) + own.lift()) / (MODEL_WEIGHT + own.messages());
    return new PredictedEffect(
        clamp(personal), PredictedEffect.Source.MODEL, model.get().version());
  }

  private static double clamp(double effect) {
    return Math.max(-1, Math.min(1, effect));
  }
}
