package dev.userwhisperer.models.uplift;

import dev.userwhisperer.models.Progress;
import dev.userwhisperer.models.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Fits one gradient-boosted model as {@code ChurnTrainer} does: rounds chosen by early stopping on
 * a seeded validation share of the rows, then refitted on all rows for that many rounds. Rows may
 * carry weights (the inverse of their arm's probability), which the fit and the validation loss
 * both use.
 */
final class Boosting {
  /** What a model predicts: a probability (log loss) or a real number (squared error). */
  enum Objective {
    PROBABILITY("binary:logistic", 0.5),
    REGRESSION("reg:squarederror", 0.0);

    private final String xgboost;
    private final double baseScore;

    Objective(String xgboost, double baseScore) {
      this.xgboost = xgboost;
      this.baseScore = baseScore;
    }
  }

  private Boosting() {}

  static Booster fit(
      float[][] x,
      float[] y,
      Objective objective,
      TrainingConfig config,
      String phase,
      Progress progress)
      throws XGBoostError {
    return fit(x, y, null, objective, config, phase, progress);
  }

  /**
   * @param weights one per row, positive; null for equal weights
   */
  static Booster fit(
      float[][] x,
      float[] y,
      float[] weights,
      Objective objective,
      TrainingConfig config,
      String phase,
      Progress progress)
      throws XGBoostError {
    Map<String, Object> params = config.xgboostParameters();
    params.put("objective", objective.xgboost);
    params.put("eval_metric", objective == Objective.PROBABILITY ? "logloss" : "rmse");
    // fixed for the reason TrainingConfig gives: older loaders misread XGBoost 3's intercept
    params.put("base_score", objective.baseScore);
    SplittableRandom random = new SplittableRandom(config.seed() ^ phase.hashCode());
    List<Integer> fit = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      (random.nextDouble() < config.validationFraction() ? validation : fit).add(i);
    }
    if (validation.isEmpty() || fit.isEmpty()) {
      throw new InvalidCampaignException(
          phase + ": " + x.length + " rows are too few to choose the number of boosting rounds");
    }
    int rounds =
        chooseRounds(x, y, weights, fit, validation, objective, params, config, phase, progress);
    DMatrix all = matrix(x, y, weights, null);
    try {
      Booster booster = XGBoost.train(all, params, 0, Map.of(), null, null);
      for (int round = 0; round < rounds; round++) {
        booster.update(all, round);
      }
      return booster;
    } finally {
      all.dispose();
    }
  }

  private static int chooseRounds(
      float[][] x,
      float[] y,
      float[] weights,
      List<Integer> fit,
      List<Integer> validation,
      Objective objective,
      Map<String, Object> params,
      TrainingConfig config,
      String phase,
      Progress progress)
      throws XGBoostError {
    DMatrix fitMatrix = matrix(x, y, weights, fit);
    DMatrix validationMatrix = matrix(x, y, weights, validation);
    Booster search = null;
    try {
      float[] labels = validationMatrix.getLabel();
      float[] validationWeights = weights == null ? null : validationMatrix.getWeight();
      search = XGBoost.train(fitMatrix, params, 0, Map.of(), null, null);
      progress.start(phase, config.maxRounds());
      int best = 0;
      double bestLoss = Double.POSITIVE_INFINITY;
      for (int round = 0;
          round < config.maxRounds() && round - best < config.earlyStoppingRounds();
          round++) {
        search.update(fitMatrix, round);
        double loss = loss(search.predict(validationMatrix), labels, validationWeights, objective);
        if (loss < bestLoss) {
          bestLoss = loss;
          best = round + 1;
        }
        progress.update(round + 1, "round " + (round + 1) + ", best " + best);
      }
      progress.done(
          String.format(
              Locale.ROOT,
              "%d rounds on %d rows (validation loss %.4f)",
              best,
              x.length,
              bestLoss));
      return best;
    } finally {
      if (search != null) {
        search.dispose();
      }
      fitMatrix.dispose();
      validationMatrix.dispose();
    }
  }

  /** The model's outputs for the rows, in order (probabilities for a probability model). */
  static double[] predict(Booster booster, float[][] x) throws XGBoostError {
    if (x.length == 0) {
      return new double[0];
    }
    DMatrix matrix = matrix(x, null, null, null);
    try {
      float[][] predictions = booster.predict(matrix);
      double[] out = new double[predictions.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = predictions[i][0];
      }
      return out;
    } finally {
      matrix.dispose();
    }
  }

  private static DMatrix matrix(float[][] x, float[] y, float[] weights, List<Integer> rows)
      throws XGBoostError {
    int n = rows == null ? x.length : rows.size();
    int columns = x[0].length;
    float[] data = new float[n * columns];
    float[] labels = y == null ? null : new float[n];
    float[] w = weights == null ? null : new float[n];
    for (int i = 0; i < n; i++) {
      int row = rows == null ? i : rows.get(i);
      System.arraycopy(x[row], 0, data, i * columns, columns);
      if (labels != null) {
        labels[i] = y[row];
      }
      if (w != null) {
        w[i] = weights[row];
      }
    }
    DMatrix matrix = new DMatrix(data, n, columns, Float.NaN);
    if (labels != null) {
      matrix.setLabel(labels);
    }
    if (w != null) {
      matrix.setWeight(w);
    }
    return matrix;
  }

  private static double loss(
      float[][] predictions, float[] labels, float[] weights, Objective objective) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      double p = predictions[i][0];
      double w = weights == null ? 1 : weights[i];
      if (objective == Objective.PROBABILITY) {
        p = Math.min(1 - 1e-15, Math.max(1e-15, p));
        sum -= w * (labels[i] > 0.5f ? Math.log(p) : Math.log(1 - p));
      } else {
        sum += w * (p - labels[i]) * (p - labels[i]);
      }
      total += w;
    }
    return sum / total;
  }
}
