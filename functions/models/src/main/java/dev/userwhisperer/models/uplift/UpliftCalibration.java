package dev.userwhisperer.models.uplift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a model's score is worth, measured on rows it never saw: the held-out rows cut into bins by
 * score quantile, each bin's realized uplift (treated minus control, each arm weighted by the
 * inverse of its propensity as the learners weigh it) with its standard error, and a calibrated
 * value per bin that never falls as the score rises. A score is served as its bin's calibrated
 * value and standard error ({@link #binOf}).
 *
 * <p>How the map is built from the held-out rows:
 *
 * <ol>
 *   <li><b>Bins.</b> As many equal-count score-quantile bins, up to {@value #MAX_BINS}, as leave
 *       each bin {@value #MIN_ROWS_PER_ARM_PER_BIN} treated and as many control rows (a cut never
 *       splits rows of one score); down to one bin, the held-out average effect.
 *   <li><b>Realized uplift.</b> Per bin and arm the weighted mean outcome (weights 1/p treated,
 *       1/(1 − p) control); its variance p̃(1 − p̃)/n_eff, with Kish's effective size n_eff =
 *       (Σw)²/Σw² and p̃ the weighted rate with one success and one failure added, so that a bin
 *       whose rows all reached the goal still states an error.
 *   <li><b>Shrinkage.</b> Each bin's uplift is shrunk toward the held-out average effect by τ²/(τ²
 *       + se²), τ² the between-bin variance beyond the bins' own noise (method of moments, at least
 *       0), its variance the normal random-effects posterior's. When the scores do not separate
 *       users on new rows, τ² is 0 and every bin is the average effect with its error: a noisy
 *       score's random order then moves no decision.
 *   <li><b>Monotone.</b> Pool-adjacent-violators on the shrunk values weighted by their inverse
 *       variances: a violating pair is replaced by its inverse-variance weighted mean, with the
 *       pooled standard error √(1/Σ(1/se²)).
 * </ol>
 *
 * @param bins in increasing score; at least one
 */
public record UpliftCalibration(List<Bin> bins) {
  /** The most bins: deciles, the usual resolution of an uplift-by-score table. */
  public static final int MAX_BINS = 10;

  /**
   * Treated and control held-out rows each bin needs: the promotion's floor of held-out rows per
   * arm (10 that reached the goal and 10 that did not), so that one bin is always possible when a
   * model is judged. At 20 rows a bin's uplift has a standard error near 16 points; the shrinkage
   * and the pooled errors, not a larger floor, keep such bins from moving decisions.
   */
  public static final int MIN_ROWS_PER_ARM_PER_BIN = 20;

  /**
   * One bin of held-out scores.
   *
   * @param lowestScore the lowest held-out score in it
   * @param highestScore the highest held-out score in it
   * @param upperBound scores up to it fall in this bin (midway to the next bin's lowest; +∞ for the
   *     last)
   * @param treated held-out treated rows in it
   * @param control held-out control rows in it
   * @param realized the bin's inverse-propensity weighted uplift
   * @param standardError its standard error
   * @param calibrated the served effect: shrunk and monotone, within [-1, 1]
   * @param calibratedStandardError the served effect's standard error
   */
  public record Bin(
      double lowestScore,
      double highestScore,
      double upperBound,
      int treated,
      int control,
      double realized,
      double standardError,
      double calibrated,
      double calibratedStandardError) {
    public Bin {
      if (!(lowestScore <= highestScore) || !(highestScore <= upperBound)) {
        throw new IllegalArgumentException("a bin's scores must be ordered within its bound");
      }
      if (treated < 0 || control < 0) {
        throw new IllegalArgumentException("row counts must not be negative");
      }
      if (!(calibrated >= -1 && calibrated <= 1) || !(realized >= -1 && realized <= 1)) {
        throw new IllegalArgumentException("uplift must be within [-1, 1]");
      }
      if (!(standardError > 0) || !(calibratedStandardError > 0)) {
        throw new IllegalArgumentException("standard errors must be positive");
      }
    }
  }

  public UpliftCalibration {
    bins = List.copyOf(bins);
    if (bins.isEmpty()) {
      throw new IllegalArgumentException("a calibration has at least one bin");
    }
    for (int i = 1; i < bins.size(); i++) {
      if (!(bins.get(i - 1).upperBound() <= bins.get(i).lowestScore())) {
        throw new IllegalArgumentException("bins must follow one another in score");
      }
      if (bins.get(i).calibrated() < bins.get(i - 1).calibrated()) {
        throw new IllegalArgumentException("calibrated values must not fall as the score rises");
      }
    }
    if (bins.get(bins.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("the last bin takes every higher score");
    }
  }

  /** The bin a score falls in; below the first bin's scores, the first. */
  public Bin binOf(double score) {
    for (Bin b : bins) {
      if (score <= b.upperBound()) {
        return b;
      }
    }
    return bins.get(bins.size() - 1);
  }

  /**
   * Calibrates {@code scores} on the rows they score.
   *
   * @param scores the model's score of each row of {@code heldOut}, in order
   * @throws IllegalArgumentException when the lengths differ or an arm has fewer than {@value
   *     #MIN_ROWS_PER_ARM_PER_BIN} rows
   */
  public static UpliftCalibration fit(double[] scores, UpliftData heldOut) {
    if (scores.length != heldOut.size()) {
      throw new IllegalArgumentException("one score per held-out row");
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    List<int[]> ranges = ranges(order, scores, heldOut.treated());
    int k = ranges.size();
    double[] realized = new double[k];
    double[] variance = new double[k];
    for (int b = 0; b < k; b++) {
      int[] r = ranges.get(b);
      double[] arm1 = arm(order, r, heldOut, true);
      double[] arm0 = arm(order, r, heldOut, false);
      realized[b] = arm1[0] - arm0[0];
      variance[b] = arm1[1] + arm0[1];
    }
    double[] all = {0, 0};
    double[] all1 = arm(order, new int[] {0, order.length}, heldOut, true);
    double[] all0 = arm(order, new int[] {0, order.length}, heldOut, false);
    all[0] = all1[0] - all0[0];
    all[1] = all1[1] + all0[1];
    double tau2 = betweenBinVariance(realized, variance, all[0]);
    double[] shrunk = new double[k];
    double[] shrunkVariance = new double[k];
    for (int b = 0; b < k; b++) {
      if (tau2 == 0) {
        shrunk[b] = all[0];
        shrunkVariance[b] = all[1];
      } else {
        double keep = tau2 / (tau2 + variance[b]);
        shrunk[b] = all[0] + keep * (realized[b] - all[0]);
        shrunkVariance[b] = 1 / (1 / tau2 + 1 / variance[b]) + square(1 - keep) * all[1];
      }
    }
    double[][] monotone = poolAdjacentViolators(shrunk, shrunkVariance);
    List<Bin> bins = new ArrayList<>(k);
    for (int b = 0; b < k; b++) {
      int[] r = ranges.get(b);
      double lowest = scores[order[r[0]]];
      double highest = scores[order[r[1] - 1]];
      double upper =
          b == k - 1
              ? Double.POSITIVE_INFINITY
              : highest + (scores[order[ranges.get(b + 1)[0]]] - highest) / 2;
      int treated = 0;
      for (int i = r[0]; i < r[1]; i++) {
        treated += heldOut.treated()[order[i]] ? 1 : 0;
      }
      bins.add(
          new Bin(
              lowest,
              highest,
              upper,
              treated,
              r[1] - r[0] - treated,
              clamp(realized[b]),
              Math.sqrt(variance[b]),
              clamp(monotone[0][b]),
              Math.sqrt(monotone[1][b])));
    }
    return new UpliftCalibration(bins);
  }

  /**
   * The bins as [from, to) ranges of {@code order}: the most equal-count bins, up to {@link
   * #MAX_BINS}, each cut moved up past rows of the same score, that leave every bin enough rows of
   * each arm.
   */
  private static List<int[]> ranges(Integer[] order, double[] scores, boolean[] treated) {
    int n = order.length;
    int treatedRows = 0;
    for (boolean t : treated) {
      treatedRows += t ? 1 : 0;
    }
    int most =
        Math.min(MAX_BINS, Math.min(treatedRows, n - treatedRows) / MIN_ROWS_PER_ARM_PER_BIN);
    if (most < 1) {
      throw new IllegalArgumentException(
          "calibration needs "
              + MIN_ROWS_PER_ARM_PER_BIN
              + " treated and control rows, got "
              + treatedRows
              + " and "
              + (n - treatedRows));
    }
    for (int k = most; k > 1; k--) {
      List<int[]> ranges = new ArrayList<>();
      int from = 0;
      for (int b = 1; b <= k && from < n; b++) {
        int to = b == k ? n : Math.max(from + 1, (int) Math.round((double) n * b / k));
        while (to < n && scores[order[to]] == scores[order[to - 1]]) {
          to++;
        }
        ranges.add(new int[] {from, to});
        from = to;
      }
      if (ranges.stream().allMatch(r -> enough(order, r, treated))) {
        return ranges;
      }
    }
    return List.of(new int[] {0, n});
  }

  private static boolean enough(Integer[] order, int[] range, boolean[] treated) {
    int t = 0;
    for (int i = range[0]; i < range[1]; i++) {
      t += treated[order[i]] ? 1 : 0;
    }
    int c = range[1] - range[0] - t;
    return t >= MIN_ROWS_PER_ARM_PER_BIN && c >= MIN_ROWS_PER_ARM_PER_BIN;
  }

  /**
   * One arm of one range: {weighted mean outcome, its variance}, weights 1/p (treated) or 1/(1 − p)
   * (control).
   */
  private static double[] arm(Integer[] order, int[] range, UpliftData data, boolean treatedArm) {
    double sum = 0;
    double sumSquares = 0;
    double reached = 0;
    for (int i = range[0]; i < range[1]; i++) {
      int row = order[i];
      if (data.treated()[row] != treatedArm) {
        continue;
      }
      double p = data.propensity()[row];
      double w = treatedArm ? 1 / p : 1 / (1 - p);
      sum += w;
      sumSquares += w * w;
      reached += data.outcome()[row] ? w : 0;
    }
    double mean = reached / sum;
    double effective = sum * sum / sumSquares;
    double smoothed = (mean * effective + 1) / (effective + 2);
    return new double[] {mean, smoothed * (1 - smoothed) / effective};
  }

  /**
   * τ², how much the bins' true uplifts differ beyond their noise: the inverse-variance weighted
   * spread of their uplifts around the average minus what their standard errors alone would give
   * (DerSimonian and Laird's moment estimator), never below 0.
   */
  static double betweenBinVariance(double[] realized, double[] variance, double average) {
    int k = realized.length;
    if (k < 2) {
      return 0;
    }
    double sumW = 0;
    double sumW2 = 0;
    double weightedMean = 0;
    for (int b = 0; b < k; b++) {
      double w = 1 / variance[b];
      sumW += w;
      sumW2 += w * w;
      weightedMean += w * realized[b];
    }
    weightedMean /= sumW;
    double q = 0;
    for (int b = 0; b < k; b++) {
      q += square(realized[b] - weightedMean) / variance[b];
    }
    return Math.max(0, (q - (k - 1)) / (sumW - sumW2 / sumW));
  }

  /**
   * Pool-adjacent-violators, weights 1/variance: {values, variances}, non-decreasing, each pooled
   * block's value its members' weighted mean and its variance 1/Σ(1/variance).
   */
  static double[][] poolAdjacentViolators(double[] values, double[] variances) {
    int k = values.length;
    double[] blockValue = new double[k];
    double[] blockWeight = new double[k];
    int[] blockSize = new int[k];
    int blocks = 0;
    for (int i = 0; i < k; i++) {
      blockValue[blocks] = values[i];
      blockWeight[blocks] = 1 / variances[i];
      blockSize[blocks] = 1;
      blocks++;
      while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
        double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
        blockValue[blocks - 2] =
            (blockValue[blocks - 2] * blockWeight[blocks - 2]
                    + blockValue[blocks - 1] * blockWeight[blocks - 1])
                / w;
        blockWeight[blocks - 2] = w;
        blockSize[blocks - 2] += blockSize[blocks - 1];
        blocks--;
      }
    }
    double[][] out = new double[2][k];
    int i = 0;
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < blockSize[b]; j++, i++) {
        out[0][i] = blockValue[b];
        out[1][i] = 1 / blockWeight[b];
      }
    }
    return out;
  }

  /** The bins as the model manifest keeps them ({@code calibration.bins}). */
  public Map<String, Object> manifestEntry() {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Bin b : bins) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lowest_score", b.lowestScore());
      m.put("highest_score", b.highestScore());
      m.put(
          "upper_bound",
          Double.isInfinite(b.upperBound()) ? null : (Object) Double.valueOf(b.upperBound()));
      m.put("treated", b.treated());
      m.put("control", b.control());
      m.put("realized_uplift", b.realized());
      m.put("standard_error", b.standardError());
      m.put("calibrated_uplift", b.calibrated());
      m.put("calibrated_standard_error", b.calibratedStandardError());
      entries.add(m);
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("method", "held-out score-quantile bins, shrunk, pool-adjacent-violators");
    entry.put("bins", entries);
    return entry;
  }

  /**
   * Reads {@link #manifestEntry}'s form back.
   *
   * @throws IllegalArgumentException when a bin is missing a value or the bins are not a
   *     calibration
   */
  public static UpliftCalibration fromManifest(JsonNode calibration) {
    List<Bin> bins = new ArrayList<>();
    for (JsonNode b : calibration.path("bins")) {
      JsonNode upper = b.path("upper_bound");
      bins.add(
          new Bin(
              number(b, "lowest_score"),
              number(b, "highest_score"),
              upper.isNull() || upper.isMissingNode() ? Double.POSITIVE_INFINITY : upper.asDouble(),
              (int) number(b, "treated"),
              (int) number(b, "control"),
              number(b, "realized_uplift"),
              number(b, "standard_error"),
              number(b, "calibrated_uplift"),
              number(b, "calibrated_standard_error")));
    }
    return new UpliftCalibration(bins);
  }

  private static double number(JsonNode bin, String field) {
    JsonNode v = bin.path(field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("calibration bin without a number " + field);
    }
    return v.asDouble();
  }

  private static double clamp(double v) {
    return Math.max(-1, Math.min(1, v));
  }

  private static double square(double v) {
    return v * v;
  }
}
