package dev.userwhisperer.models.uplift;

import dev.userwhisperer.models.Progress;
import dev.userwhisperer.models.TrainingConfig;
import dev.userwhisperer.models.uplift.Boosting.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Fits a meta-learner's boosters on randomized rows. Each arm's models weigh its rows by the
 * inverse of their probability of falling in it ({@link UpliftData#armWeights()}), so that where
 * the policy randomized with different shares (95 % of the decisions decide wants to send, a few
 * percent of those the uplift gate stops), each arm's fit still stands for all the rows.
 */
public final class UpliftTrainer {
  /**
   * Shallow trees, strong regularisation: an effect is a difference of a few points between two
   * noisy rates, so each booster should find few, broad segments. Set once, before any evaluation,
   * and not tuned since. One thread, as {@link TrainingConfig#DEFAULT} explains.
   */
  public static final TrainingConfig DEFAULT_CONFIG =
      new TrainingConfig(3, 0.1, 0.8, 0.8, 10.0, 1.0, 400, 30, 0.2, 20261207L, 1);

  private final TrainingConfig config;

  public UpliftTrainer(TrainingConfig config) {
    this.config = config;
  }

  public TrainingConfig config() {
    return config;
  }

  /**
   * @param featureNames the names of the columns of {@code data.features()}
   */
  public UpliftModel train(
      UpliftLearner learner, UpliftData data, List<String> featureNames, Progress progress)
      throws XGBoostError {
    return switch (learner) {
      case T -> tLearner(data, featureNames, progress);
      case X -> xLearner(data, featureNames, progress);
      case DR -> drLearner(data, featureNames, progress);
    };
  }

  private UpliftModel tLearner(UpliftData data, List<String> names, Progress progress)
      throws XGBoostError {
    Arms arms = Arms.of(data);
    Booster mu0 = outcomeModel(arms.control(), "mu0 (control outcome)", progress);
    Booster mu1 = outcomeModel(arms.treated(), "mu1 (treated outcome)", progress);
    return new UpliftModel(UpliftLearner.T, Map.of("mu0", mu0, "mu1", mu1), 0.5, names);
  }

  private UpliftModel xLearner(UpliftData data, List<String> names, Progress progress)
      throws XGBoostError {
    Arms arms = Arms.of(data);
    Booster mu0 = outcomeModel(arms.control(), "mu0 (control outcome)", progress);
    Booster mu1 = outcomeModel(arms.treated(), "mu1 (treated outcome)", progress);
    try {
      UpliftData treated = arms.treated();
      UpliftData control = arms.control();
      double[] mu0OnTreated = Boosting.predict(mu0, treated.features());
      double[] mu1OnControl = Boosting.predict(mu1, control.features());
      float[] d1 = new float[treated.size()];
      for (int i = 0; i < d1.length; i++) {
        d1[i] = (float) (label(treated.outcome()[i]) - mu0OnTreated[i]);
      }
      float[] d0 = new float[control.size()];
      for (int i = 0; i < d0.length; i++) {
        d0[i] = (float) (mu1OnControl[i] - label(control.outcome()[i]));
      }
      Booster tau1 =
          Boosting.fit(
              treated.features(),
              d1,
              treated.armWeights(),
              Objective.REGRESSION,
              config,
              "tau1 (treated effect)",
              progress);
      Booster tau0 =
          Boosting.fit(
              control.features(),
              d0,
              control.armWeights(),
              Objective.REGRESSION,
              config,
              "tau0 (control effect)",
              progress);
      return new UpliftModel(
          UpliftLearner.X, Map.of("tau0", tau0, "tau1", tau1), data.meanPropensity(), names);
    } finally {
      mu0.dispose();
      mu1.dispose();
    }
  }

  /** Two folds: each fold's pseudo-outcomes come from outcome models fitted on the other fold. */
  private UpliftModel drLearner(UpliftData data, List<String> names, Progress progress)
      throws XGBoostError {
    SplittableRandom random = new SplittableRandom(config.seed());
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      (random.nextBoolean() ? first : second).add(i);
    }
    float[] pseudo = new float[data.size()];
    crossFit(data, second, first, pseudo, "fold 1", progress);
    crossFit(data, first, second, pseudo, "fold 2", progress);
    Booster tau =
        Boosting.fit(
            data.features(), pseudo, Objective.REGRESSION, config, "tau (doubly robust)", progress);
    return new UpliftModel(UpliftLearner.DR, Map.of("tau", tau), data.meanPropensity(), names);
  }

  private void crossFit(
      UpliftData data,
      List<Integer> fitRows,
      List<Integer> predictRows,
      float[] pseudo,
      String fold,
      Progress progress)
      throws XGBoostError {
    UpliftData fit = data.rows(fitRows.stream().mapToInt(Integer::intValue).toArray());
    UpliftData target = data.rows(predictRows.stream().mapToInt(Integer::intValue).toArray());
    Arms arms = Arms.of(fit);
    Booster mu0 = outcomeModel(arms.control(), "mu0 " + fold, progress);
    Booster mu1 = outcomeModel(arms.treated(), "mu1 " + fold, progress);
    try {
      double[] m0 = Boosting.predict(mu0, target.features());
      double[] m1 = Boosting.predict(mu1, target.features());
      for (int i = 0; i < target.size(); i++) {
        double y = label(target.outcome()[i]);
        double e = target.propensity()[i];
        double value =
            m1[i] - m0[i] + (target.treated()[i] ? (y - m1[i]) / e : -(y - m0[i]) / (1 - e));
        pseudo[predictRows.get(i)] = (float) value;
      }
    } finally {
      mu0.dispose();
      mu1.dispose();
    }
  }

  private Booster outcomeModel(UpliftData arm, String phase, Progress progress)
      throws XGBoostError {
    float[] y = new float[arm.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = label(arm.outcome()[i]);
    }
    return Boosting.fit(
        arm.features(), y, arm.armWeights(), Objective.PROBABILITY, config, phase, progress);
  }

  private static float label(boolean outcome) {
    return outcome ? 1f : 0f;
  }

  private record Arms(UpliftData treated, UpliftData control) {
    static Arms of(UpliftData data) {
      int treatedRows = data.treatedCount();
      if (treatedRows == 0 || treatedRows == data.size()) {
        throw new InvalidCampaignException(
            "both arms need rows: " + treatedRows + " treated of " + data.size());
      }
      int[] treated = new int[treatedRows];
      int[] control = new int[data.size() - treatedRows];
      for (int i = 0, t = 0, c = 0; i < data.size(); i++) {
        if (data.treated()[i]) {
          treated[t++] = i;
        } else {
          control[c++] = i;
        }
      }
      return new Arms(data.rows(treated), data.rows(control));
    }
  }
}
