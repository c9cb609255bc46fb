package dev.userwhisperer.core.learn;

import dev.userwhisperer.core.port.ArmOutcomes;
import java.util.Objects;

/**
 * The uplift of one cell from its treated and held-out outcomes: the two-model approach (one
 * success rate per arm, retention or conversion as the intervention's {@link UpliftGoal} has it,
 * uplift their difference) on a model stratified by app, intervention and lifecycle stage, with a
 * Beta-Binomial rate per arm.
 *
 * <p>Priors centred on a prior uplift u&#8320; (what decide assumes before data, per user): with
 * p&#772; = (s<sub>t</sub> + s<sub>c</sub> + 1) / (n<sub>t</sub> + n<sub>c</sub> + 2) the cell's
 * pooled success rate, the treated prior has mean m<sub>t</sub> = p&#772; + u&#8320;/2 and the
 * control prior m<sub>c</sub> = p&#772; &minus; u&#8320;/2, each Beta(k&middot;m, k&middot;(1
 * &minus; m)), worth k decisions. The posterior means are (k&middot;m + s) / (k + n), so
 *
 * <pre>
 *   uplift = u&#8320; + (s<sub>t</sub> &minus; n<sub>t</sub>m<sub>t</sub>) / (k + n<sub>t</sub>) &minus; (s<sub>c</sub> &minus; n<sub>c</sub>m<sub>c</sub>) / (k + n<sub>c</sub>)
 * </pre>
 *
 * <p>which is exactly u&#8320; without data and tends to the observed difference s<sub>t</sub>/n
 * <sub>t</sub> &minus; s<sub>c</sub>/n<sub>c</sub> as both arms grow (each arm's own rate gets
 * weight n / (k + n)). The standard error is the square root of the sum of the two posterior
 * variances (the arms are independent). Centring both priors on the pooled rate keeps an arm with
 * few decisions (the control, a small holdout) near the rate the cell actually has rather than near
 * an arbitrary 0.5, so a big treated arm is compared with a sensible control.
 *
 * <p>Why a stratified Beta-Binomial and not a per-user model (a T-learner of two classifiers on
 * user features, or a class-transformation model): uplift is a difference of a few percentage
 * points between rates of maybe 30&ndash;60 %, and the control arm is a holdout of a few percent of
 * decisions. Detecting a 3-point difference at that noise needs thousands of control decisions per
 * comparison; a per-user model spends those on fitting dozens of feature effects and returns noisy
 * individual uplifts that are hard to check, while a handful of cells (interventions &times; nine
 * lifecycle stages) is estimated with all the data each has, is exact for the counts, shrinks
 * cleanly to the prior where data is thin, and is explainable from one query. Per-user
 * heterogeneity beyond the stage enters through the prior, which is per user.
 *
 * @param priorStrength k, the decisions each arm's prior is worth, positive and finite
 */
public record UpliftEstimator(double priorStrength) {
  /** k = 50: a cell's own rate gets half the weight at 50 decisions per arm. */
  public static final UpliftEstimator DEFAULT = new UpliftEstimator(50.0);

  /**
   * The largest prior uplift taken as it is; beyond it the prior is cut to &plusmn; this, since
   * both prior means must stay strictly inside (0, 1).
   */
  public static final double MAX_PRIOR_UPLIFT = 0.98;

  private static final double MARGIN = 0.005;

  public UpliftEstimator {
    RandomVariates.requirePositiveFinite(priorStrength, "priorStrength");
  }

  /**
   * @param treated the SEND decisions' outcomes
   * @param control the held-out decisions' outcomes
   * @param goal which outcome counts as success
   * @param priorUplift u&#8320;, in [-1, 1]
   */
  public UpliftEstimate estimate(
      ArmOutcomes treated, ArmOutcomes control, UpliftGoal goal, double priorUplift) {
    Objects.requireNonNull(treated, "treated");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(goal, "goal");
    if (!(priorUplift >= -1.0 && priorUplift <= 1.0)) {
      throw new IllegalArgumentException("priorUplift must be within [-1, 1], was " + priorUplift);
    }
    double u0 = Math.max(-MAX_PRIOR_UPLIFT, Math.min(MAX_PRIOR_UPLIFT, priorUplift));
    double half = Math.abs(u0) / 2.0;
    long treatedSuccesses = goal.successes(treated);
    long controlSuccesses = goal.successes(control);
    double pooled =
        (treatedSuccesses + controlSuccesses + 1.0)
            / (treated.decisions() + control.decisions() + 2.0);
    double centre = Math.max(half + MARGIN, Math.min(1.0 - half - MARGIN, pooled));
    double treatedMean = centre + u0 / 2.0;
    double controlMean = centre - u0 / 2.0;
    double k = priorStrength;

    double uplift =
        u0
            + (treatedSuccesses - treated.decisions() * treatedMean) / (k + treated.decisions())
            - (controlSuccesses - control.decisions() * controlMean) / (k + control.decisions());
    double variance =
        posterior(treatedMean, treated.decisions(), treatedSuccesses).variance()
            + posterior(controlMean, control.decisions(), controlSuccesses).variance();
    return new UpliftEstimate(Math.max(-1.0, Math.min(1.0, uplift)), Math.sqrt(variance));
  }

  private BetaPosterior posterior(double priorMean, long decisions, long successes) {
    return new BetaPosterior(priorStrength * priorMean, priorStrength * (1.0 - priorMean))
        .update(successes, decisions - successes);
  }
}
