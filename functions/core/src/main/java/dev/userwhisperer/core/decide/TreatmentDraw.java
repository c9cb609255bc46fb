package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import java.util.List;
import java.util.Objects;

/**
 * Whether a marketing intervention that may reach the user (channels, caps and the trial reminder's
 * slot passed, {@link Eligibility}) is sent, and why not: the uplift gate, then the randomized arms
 * the per-user uplift models learn from. Transactional interventions pass untouched.
 *
 * <ol>
 *   <li>The gate: the channels on which the expected effect, net of the channel's cost ({@link
 *       ChannelCosts}), is above {@link DecisionPolicy#minUplift()}. Where there is one, the
 *       decision is <b>open</b>; where there is none, <b>gated</b>.
 *   <li>An open decision: the global holdout (HELD_OUT {@code holdout}), then the exploration draw
 *       (HELD_OUT {@code exploration}, {@link DecisionPolicy#explorationPercent()} of them), else
 *       sent. The probability of treatment is (1 − holdout) × (1 − exploration).
 *   <li>A gated decision is <b>explorable</b> unless the gated share is 0, the user unsubscribed or
 *       complained on any channel, their own posterior marks them as harmed with confidence ({@link
 *       #harmedWithConfidence}), or it is quiet hours where the user is (an explored message goes
 *       now, never deferred). Not explorable: NOT_ELIGIBLE {@code no_uplift}, no randomized arm. An
 *       explorable one draws the gated share (the app's {@code gatedExplorationPercent} for the
 *       intervention, else {@link DecisionPolicy#gatedExplorationPercent()}): outside it, {@code
 *       no_uplift} as a control; inside it, the global holdout (HELD_OUT {@code holdout}), else
 *       sent now on the cheapest eligible channels (SEND {@code explored}). The probability of
 *       treatment is (1 − holdout) × gated share.
 * </ol>
 *
 * Every condition that decides whether a decision is open, gated or explorable is read before any
 * draw and is the same for both arms, so each arm's rows are a random share of the same decisions
 * and the logged probability makes an inverse-propensity estimate unbiased on both sides of the
 * gate. The holdout is drawn after the channels and caps, so its users are compared with sent users
 * who could have been reached. The decision's own {@code treatmentPropensity} is the probability of
 * the exploration draw's result (1 for the holdout, which is the user's and not the decision's).
 */
final class TreatmentDraw {
  /** The one-sided 97.5 % normal quantile of "harmed with confidence". */
  static final double CONFIDENCE_Z = 1.96;

  private final UpliftModel uplift;
  private final DecisionPolicy policy;
  private final ChannelCosts costs;
  private final RandomDraws draws;

  TreatmentDraw(UpliftModel uplift, DecisionPolicy policy, ChannelCosts costs, RandomDraws draws) {
    this.uplift = Objects.requireNonNull(uplift, "uplift");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.costs = Objects.requireNonNull(costs, "costs");
    this.draws = Objects.requireNonNull(draws, "draws");
  }

  /**
   * What the draws concluded.
   *
   * @param channels the channels the message may take, not empty when {@code notSent} is null
   * @param notSent why nothing is sent, null when something is
   * @param explored whether it is sent at random past the gate (SEND {@code explored}, now)
   * @param drawPropensity the probability of the exploration draw's result, 1 without a draw
   * @param arm the randomized arm for the training rows, null when the decision is not one
   */
  record Draw(
      List<Channel> channels,
      DecisionReason notSent,
      boolean explored,
      double drawPropensity,
      TreatmentAssignment arm) {
    static Draw send(List<Channel> channels, double drawPropensity, TreatmentAssignment arm) {
      return new Draw(channels, null, false, drawPropensity, arm);
    }

    static Draw no(DecisionReason reason, double drawPropensity, TreatmentAssignment arm) {
      return new Draw(List.of(), reason, false, drawPropensity, arm);
    }
  }

  Draw draw(
      Signal signal,
      Intervention intervention,
      double upliftNow,
      List<Channel> eligible,
      Profile profile,
      AppConfig app) {
    if (intervention.transactional()) {
      return Draw.send(eligible, 1.0, null);
    }
    List<Channel> open =
        eligible.stream()
            .filter(c -> upliftNow - costs.of(signal.appId(), c) > policy.minUplift())
            .toList();
    double kept = 1 - policy.holdoutPercent() / 100.0;
    boolean heldOut = draws.holdout(signal.appId(), signal.userId()) < policy.holdoutPercent();
    int draw = draws.exploration(Ids.decisionOf(signal));
    if (!open.isEmpty()) {
      int explore = policy.explorationPercent();
      TreatmentAssignment control = assignment(false, kept * (1 - explore / 100.0));
      if (heldOut) {
        return Draw.no(DecisionReason.HOLDOUT, 1.0, control);
      }
      if (draw < explore) {
        return Draw.no(DecisionReason.EXPLORATION, explore / 100.0, control);
      }
      return Draw.send(open, 1 - explore / 100.0, assignment(true, kept * (1 - explore / 100.0)));
    }
    int gated = gatedShare(intervention, app);
    if (!explorable(gated, intervention, upliftNow, profile, signal)) {
      return Draw.no(DecisionReason.NO_UPLIFT, 1.0, null);
    }
    double treated = kept * gated / 100.0;
    if (draw >= gated) {
      return Draw.no(DecisionReason.NO_UPLIFT, 1 - gated / 100.0, assignment(false, treated));
    }
    if (heldOut) {
      return Draw.no(DecisionReason.HOLDOUT, gated / 100.0, assignment(false, treated));
    }
    return new Draw(
        cheapest(signal.appId(), eligible), null, true, gated / 100.0, assignment(true, treated));
  }

  /** The app's gated share for the intervention, else the policy's. */
  private int gatedShare(Intervention intervention, AppConfig app) {
    return app.intervention(intervention.name())
        .map(AppConfig.InterventionSettings::gatedExplorationPercent)
        .orElse(policy.gatedExplorationPercent());
  }

  private boolean explorable(
      int gated, Intervention intervention, double upliftNow, Profile profile, Signal signal) {
    if (gated == 0 || !profile.reachability().unsubscribed().isEmpty()) {
      return false;
    }
    if (!intervention.immediate()
        && policy.isQuiet(signal.at().atZone(Features.zone(profile.timezone())).toLocalTime())) {
      return false;
    }
    return !harmedWithConfidence(
        upliftNow, uplift.spread(profile.appId()), profile.responsiveness().effect());
  }

  /**
   * Whether the upper end of the user's 95 % interval of the effect is below 0: the effect decide
   * expects (the prediction moved by the user's own readings, {@link PersonalUplift}) plus {@value
   * #CONFIDENCE_Z} standard deviations of the normal random-effects posterior, whose variance is 1
   * / (1/τ² + n/σ²) after n readings (τ² before any). τ² is the app's learned spread of users
   * around the prediction, but never below {@link EffectSpread#ASSUMED}'s 5 points: a prediction is
   * not exact for a user just because the app's users read alike. So with no readings of their own
   * a user is harmed with confidence only below −9.8 points; readings narrow that.
   */
  static boolean harmedWithConfidence(double effect, EffectSpread spread, MessageEffect own) {
    return effect + CONFIDENCE_Z * Math.sqrt(PersonalUplift.ownVariance(spread, own)) < 0;
  }

  /** The eligible channels of the least cost, in the intervention's order. */
  private List<Channel> cheapest(String appId, List<Channel> eligible) {
    double least = eligible.stream().mapToDouble(c -> costs.of(appId, c)).min().orElseThrow();
    return eligible.stream().filter(c -> costs.of(appId, c) == least).toList();
  }

  private static TreatmentAssignment assignment(boolean treated, double probability) {
    return probability > 0 && probability < 1
        ? new TreatmentAssignment(treated, probability)
        : null;
  }
}
