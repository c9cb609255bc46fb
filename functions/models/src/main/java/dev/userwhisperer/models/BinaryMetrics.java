package dev.userwhisperer.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Metrics of a probabilistic binary classifier on held-out rows; the positive class is {@code true}
 * (for churn models: churned). Tied scores are treated as one threshold, never ordered arbitrarily.
 */
public final class BinaryMetrics {
  private BinaryMetrics() {}

  /** A point of the ROC curve. */
  public record RocPoint(double falsePositiveRate, double truePositiveRate) {}

  /** One bin of a reliability table: predictions in [lower, upper). */
  public record CalibrationBin(
      double lower, double upper, int count, double meanPredicted, double observedRate) {}

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counting one half.
   */
  public static double rocAuc(double[] scores, boolean[] labels) {
    check(scores, labels);
    int positives = (int) count(labels);
    double[] pos = new double[positives];
    double[] neg = new double[labels.length - positives];
    for (int i = 0, p = 0, n = 0; i < labels.length; i++) {
      if (labels[i]) {
        pos[p++] = scores[i];
      } else {
        neg[n++] = scores[i];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    double pairs = 0;
    int below = 0;
    int notAbove = 0;
    for (double score : pos) {
      while (below < neg.length && neg[below] < score) {
        below++;
      }
      notAbove = Math.max(notAbove, below);
      while (notAbove < neg.length && neg[notAbove] <= score) {
        notAbove++;
      }
      pairs += below + (notAbove - below) / 2.0;
    }
    return pairs / ((double) pos.length * neg.length);
  }

  /** The ROC curve from (0, 0) to (1, 1), one point per distinct score. */
  public static List<RocPoint> rocCurve(double[] scores, boolean[] labels) {
    check(scores, labels);
    Integer[] order = descending(scores);
    long positives = count(labels);
    long negatives = labels.length - positives;
    List<RocPoint> curve = new ArrayList<>();
    curve.add(new RocPoint(0, 0));
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < order.length; i++) {
      if (labels[order[i]]) {
        tp++;
      } else {
        fp++;
      }
      if (i + 1 == order.length || scores[order[i + 1]] != scores[order[i]]) {
        curve.add(new RocPoint((double) fp / negatives, (double) tp / positives));
      }
    }
    return curve;
  }

  /**
   * Area under the precision-recall curve as average precision: the mean over thresholds of the
   * precision, weighted by the recall gained there (no interpolation).
   */
  public static double averagePrecision(double[] scores, boolean[] labels) {
    check(scores, labels);
    Integer[] order = descending(scores);
    long positives = count(labels);
    long tp = 0;
    long seen = 0;
    double previousRecall = 0;
    double area = 0;
    for (int i = 0; i < order.length; i++) {
      seen++;
      if (labels[order[i]]) {
        tp++;
      }
      if (i + 1 == order.length || scores[order[i + 1]] != scores[order[i]]) {
        double recall = (double) tp / positives;
        area += (recall - previousRecall) * tp / seen;
        previousRecall = recall;
      }
    }
    return area;
  }

  /** Mean squared difference between the predicted probability and the outcome (0 or 1). */
  public static double brier(double[] probabilities, boolean[] labels) {
    checkLengths(probabilities, labels);
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double error = probabilities[i] - (labels[i] ? 1 : 0);
      sum += error * error;
    }
    return sum / probabilities.length;
  }

  /** Reliability table over {@code bins} equal-width bins of [0, 1]; 1.0 falls in the last bin. */
  public static List<CalibrationBin> calibration(
      double[] probabilities, boolean[] labels, int bins) {
    checkLengths(probabilities, labels);
    int[] counts = new int[bins];
    double[] predicted = new double[bins];
    int[] positives = new int[bins];
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("not a probability: " + p);
      }
      int bin = Math.min(bins - 1, (int) (p * bins));
      counts[bin]++;
      predicted[bin] += p;
      positives[bin] += labels[i] ? 1 : 0;
    }
    List<CalibrationBin> table = new ArrayList<>(bins);
    for (int bin = 0; bin < bins; bin++) {
      int n = counts[bin];
      table.add(
          new CalibrationBin(
              (double) bin / bins,
              (double) (bin + 1) / bins,
              n,
              n == 0 ? Double.NaN : predicted[bin] / n,
              n == 0 ? Double.NaN : (double) positives[bin] / n));
    }
    return table;
  }

  /**
   * Positive rate among the highest-scoring {@code fraction} of rows (rounded up) divided by the
   * overall positive rate. Rows tied at the boundary share it in proportion, so ties cannot flatter
   * the lift.
   */
  public static double lift(double[] scores, boolean[] labels, double fraction) {
    check(scores, labels);
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
    }
    Integer[] order = descending(scores);
    int top = (int) Math.ceil(fraction * scores.length);
    double positivesInTop = 0;
    int taken = 0;
    for (int i = 0; i < order.length && taken < top; ) {
      int j = i;
      int groupPositives = 0;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        groupPositives += labels[order[j]] ? 1 : 0;
        j++;
      }
      int groupSize = j - i;
      int share = Math.min(groupSize, top - taken);
      positivesInTop += (double) groupPositives * share / groupSize;
      taken += share;
      i = j;
    }
    double overallRate = (double) count(labels) / labels.length;
    return positivesInTop / top / overallRate;
  }

  private static Integer[] descending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    return order;
  }

  private static long count(boolean[] labels) {
    long n = 0;
    for (boolean label : labels) {
      n += label ? 1 : 0;
    }
    return n;
  }

  private static void check(double[] scores, boolean[] labels) {
    checkLengths(scores, labels);
    long positives = count(labels);
    if (positives == 0 || positives == labels.length) {
      throw new IllegalArgumentException("need both classes among the labels");
    }
    for (double s : scores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("NaN score");
      }
    }
  }

  private static void checkLengths(double[] values, boolean[] labels) {
    if (values.length != labels.length || values.length == 0) {
      throw new IllegalArgumentException(
          "need as many scores as labels, at least one: " + values.length + " vs " + labels.length);
    }
  }
}
