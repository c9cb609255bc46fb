package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.UpliftEstimate;
import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftGoal;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.profile.Profile;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Uplift learned from treated versus held-out outcomes: the user's cell (app, intervention,
 * lifecycle stage) estimated by the {@link UpliftEstimator} on the intervention's goal (retention,
 * or conversion for a trial reminder or an upgrade offer) with the prior model's uplift for this
 * user as the prior. A user in a cell without data gets the prior model's answer as it is.
 *
 * <p>Each answer carries the estimator's posterior standard deviation: the cell's, or for a cell
 * without data the estimator's with no data (about 10 points at k = 50, each arm's prior worth k
 * decisions), so that the prior is as uncertain as the estimator's shrinkage says it is and a
 * cell's first decisions narrow it rather than replace it.
 */
public final class LearnedUpliftModel implements UpliftModel {
  private final Map<UpliftCell.Key, UpliftCell> cells;
  private final UpliftTable table;
  private final UpliftModel prior;
  private final UpliftEstimator estimator;

  /**
   * @param prior what to assume before data, and for cells the table does not hold
   */
  public LearnedUpliftModel(UpliftTable table, UpliftModel prior, UpliftEstimator estimator) {
    this.table = table;
    this.cells = Map.copyOf(table.byKey());
    this.prior = Objects.requireNonNull(prior, "prior");
    this.estimator = Objects.requireNonNull(estimator, "estimator");
  }

  @Override
  public double uplift(String interventionId, Profile profile) {
    return predict(interventionId, profile, null).uplift();
  }

  /**
   * The cell's estimate ({@code table}), or the prior's answer for a cell without data, each with
   * the estimator's posterior standard deviation.
   */
  @Override
  public PredictedEffect predict(String interventionId, Profile profile, Instant at) {
    double priorUplift = prior.uplift(interventionId, profile);
    UpliftCell cell =
        cells.get(new UpliftCell.Key(profile.appId(), interventionId, profile.lifecycle().name()));
    UpliftGoal goal = InterventionCatalog.goalOf(interventionId);
    if (cell == null) {
      double unknown =
          estimator.estimate(ArmOutcomes.NONE, ArmOutcomes.NONE, goal, priorUplift).standardError();
      return new PredictedEffect(priorUplift, unknown, 0, PredictedEffect.Source.PRIOR, null);
    }
    UpliftEstimate learned = estimator.estimate(cell.treated(), cell.control(), goal, priorUplift);
    return new PredictedEffect(
        learned.uplift(), learned.standardError(), 0, PredictedEffect.Source.TABLE, null);
  }

  /** The spread the table holds for the app, as the learn job estimated it. */
  @Override
  public EffectSpread spread(String appId) {
    return table.spread(appId);
  }
}
