package dev.userwhisperer.models;

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
 * Trains the gradient-boosted churn classifier (label: churned). The number of boosting rounds is
 * chosen by early stopping on a validation split of the training customers, drawn from a hash of
 * the customer id and the seed; the final booster is then retrained on all training customers for
 * that many rounds, so the exported model holds exactly the trees it predicts with.
 */
public final class ChurnTrainer {
  private final TrainingConfig config;

  public ChurnTrainer(TrainingConfig config) {
    this.config = config;
  }

  /** The trained booster and how the number of rounds was chosen. */
  public record TrainedModel(
      Booster booster, int rounds, double validationLogLoss, int trainRows, int validationRows) {}

  /**
   * Trains on examples whose features all have the same columns.
   *
   * @throws IllegalArgumentException when either split would lack a class
   */
  public TrainedModel fit(List<Example> rows, Progress progress) throws XGBoostError {
    List<Example> fit = new ArrayList<>();
    List<Example> validation = new ArrayList<>();
    for (Example row : rows) {
      boolean held =
          new SplittableRandom(config.seed() ^ row.id().hashCode()).nextDouble()
              < config.validationFraction();
      (held ? validation : fit).add(row);
    }
    requireBothClasses(fit, "fit split");
    requireBothClasses(validation, "validation split");

    Map<String, Object> params = config.xgboostParameters();
    Choice choice = chooseRounds(fit, validation, params, progress);
    Booster booster = boost(rows, params, choice.rounds(), "final model", progress);
    return new TrainedModel(
        booster, choice.rounds(), choice.validationLogLoss(), fit.size(), validation.size());
  }

  private record Choice(int rounds, double validationLogLoss) {}

  private Choice chooseRounds(
      List<Example> fit, List<Example> validation, Map<String, Object> params, Progress progress)
      throws XGBoostError {
    DMatrix fitMatrix = matrix(fit);
    DMatrix validationMatrix = matrix(validation);
    Booster search = null;
    try {
      float[] validationLabels = validationMatrix.getLabel();
      search = XGBoost.train(fitMatrix, params, 0, Map.of(), null, null);
      progress.start("early stopping", config.maxRounds());
      int bestRounds = 0;
      double bestLoss = Double.POSITIVE_INFINITY;
      for (int round = 0;
          round < config.maxRounds() && round - bestRounds < config.earlyStoppingRounds();
          round++) {
        search.update(fitMatrix, round);
        double loss = logLoss(search.predict(validationMatrix), validationLabels);
        if (loss < bestLoss) {
          bestLoss = loss;
          bestRounds = round + 1;
        }
        progress.update(
            round + 1,
            String.format(
                Locale.ROOT, "round %d logloss %.4f best %d", round + 1, loss, bestRounds));
      }
      progress.done(
          String.format(Locale.ROOT, "best %d rounds, logloss %.4f", bestRounds, bestLoss));
      return new Choice(bestRounds, bestLoss);
    } finally {
      if (search != null) {
        search.dispose();
      }
      fitMatrix.dispose();
      validationMatrix.dispose();
    }
  }

  private static Booster boost(
      List<Example> rows, Map<String, Object> params, int rounds, String phase, Progress progress)
      throws XGBoostError {
    DMatrix matrix = matrix(rows);
    try {
      Booster booster = XGBoost.train(matrix, params, 0, Map.of(), null, null);
      progress.start(phase, rounds);
      for (int round = 0; round < rounds; round++) {
        booster.update(matrix, round);
        progress.update(round + 1, "round " + (round + 1));
      }
      progress.done(rounds + " rounds on " + rows.size() + " rows");
      return booster;
    } finally {
      matrix.dispose();
    }
  }

  /** Probabilities of the positive class of feature rows of {@code columns} values, in order. */
  public static double[] predictVectors(Booster booster, List<float[]> rows, int columns)
      throws XGBoostError {
    DMatrix matrix = matrix(rows, columns);
    float[][] predictions;
    try {
      predictions = booster.predict(matrix);
    } finally {
      matrix.dispose();
    }
    double[] probabilities = new double[predictions.length];
    for (int i = 0; i < predictions.length; i++) {
      probabilities[i] = predictions[i][0];
    }
    return probabilities;
  }

  private static DMatrix matrix(List<float[]> rows, int columns) throws XGBoostError {
    float[] data = new float[rows.size() * columns];
    for (int i = 0; i < rows.size(); i++) {
      float[] row = rows.get(i);
      if (row.length != columns) {
        throw new IllegalArgumentException(
            "row " + i + " has " + row.length + " values, expected " + columns);
      }
      System.arraycopy(row, 0, data, i * columns, columns);
    }
    return new DMatrix(data, rows.size(), columns, Float.NaN);
  }

  private static DMatrix matrix(List<Example> rows) throws XGBoostError {
    int columns = rows.isEmpty() ? 0 : rows.get(0).features().length;
    DMatrix matrix = matrix(rows.stream().map(Example::features).toList(), columns);
    float[] labels = new float[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rows.get(i).positive() ? 1f : 0f;
    }
    matrix.setLabel(labels);
    return matrix;
  }

  private static double logLoss(float[][] predictions, float[] labels) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double p = Math.min(1 - 1e-15, Math.max(1e-15, predictions[i][0]));
      sum -= labels[i] > 0.5f ? Math.log(p) : Math.log(1 - p);
    }
    return sum / labels.length;
  }

  private static void requireBothClasses(List<Example> rows, String what) {
    long churned = rows.stream().filter(Example::positive).count();
    if (churned == 0 || churned == rows.size()) {
      throw new IllegalArgumentException(
          what
              + " needs churned and retained customers, has "
              + rows.size()
              + " rows, "
              + churned
              + " positive");
    }
  }
}
