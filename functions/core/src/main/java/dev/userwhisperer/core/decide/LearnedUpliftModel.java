package dev.userwhisperer.core.decide;

import dev.userwhisperer.core.learn.UpliftEstimator;
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

  /** The cell's estimate ({@code table}), or the prior's answer for a cell without data. */
  @Override
  public PredictedEffect predict(String interventionId, Profile profile, Instant at) {
    double priorUplift = prior.uplift(interventionId, profile);
    UpliftCell cell =
        cells.get(new UpliftCell.Key(profile.appId(), interventionId, profile.lifecycle().name()));
    if (cell == null) {
      return PredictedEffect.prior(priorUplift);
    }
    double learned =
        estimator
            .estimate(
                cell.treated(),
                cell.control(),
                InterventionCatalog.goalOf(interventionId),
                priorUplift)
            .uplift();
    return new PredictedEffect(learned, PredictedEffect.Source.TABLE, null);
  }

  /** The spread the table holds for the app, as the learn job estimated it. */
  @Override
  public EffectSpread spread(String appId) {
    return table.spread(appId);
  }
}
