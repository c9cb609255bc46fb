package dev.userwhisperer.models.uplift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How well a score ranks held-out randomized rows by their treatment effect. Rows are weighted by
 * the inverse of the probability of the arm they fell in (1/e treated, 1/(1 − e) control), so each
 * arm stands for the whole population even where the treated share varies by row; with one share
 * for all rows the weights change nothing. Targeting the top φ of rows by score:
 *
 * <ul>
 *   <li>uplift in the top: ȳ_treated − ȳ_control among them;
 *   <li>gain curve G(φ) = that uplift × φ: extra outcomes per row of the whole population from
 *       treating the top φ only; G(1) is the average effect (ATE). AUUC = ∫G; random targeting
 *       gives G(φ) = φ·ATE, area ATE/2;
 *   <li>Qini curve Q(φ) = (Y_t − Y_c·N_t/N_c) / N_t,total (Radcliffe 2007): extra outcomes in the
 *       top, per treated row; the Qini coefficient is the area between it and the random line from
 *       (0, 0) to (1, Q(1)), so random targeting scores 0 and higher is better;
 *   <li>uplift@k %: the uplift among the top k % (random targeting: the ATE).
 * </ul>
 *
 * Tied scores are one step of the curves (never ordered arbitrarily); for uplift@k the rows tied at
 * the cut are taken in a seeded random order.
 */
public final class UpliftMetrics {
  /** The shares of uplift@k %, in percent. */
  public static final List<Integer> TOP_PERCENTS = List.of(10, 20, 30, 50);

  private static final int MAX_CURVE_POINTS = 200;

  private UpliftMetrics() {}

  /** A value with its 95 % percentile bootstrap interval (NaN bounds when not bootstrapped). */
  public record Estimate(double value, double lower, double upper) {}

  /** A point of the curves at share φ of the rows. */
  public record CurvePoint(double share, double qini, double gain) {}

  /** One score evaluated on held-out rows. */
  public record Evaluation(
      String model,
      int rows,
      double ate,
      Estimate qini,
      Estimate auuc,
      Map<Integer, Estimate> upliftAt,
      List<CurvePoint> curve) {
    public Evaluation {
      upliftAt = Map.copyOf(upliftAt);
      curve = List.copyOf(curve);
    }

    /** AUUC of random targeting: the area under φ·ATE. */
    public double randomAuuc() {
      return ate / 2;
    }
  }

  /**
   * Evaluates the scores of the rows, with bootstrap intervals from {@code resamples} resamples (0
   * for none).
   */
  public static Evaluation evaluate(
      String model, double[] scores, UpliftData rows, int resamples, long seed) {
    if (scores.length != rows.size()) {
      throw new IllegalArgumentException("one score per row needed");
    }
    Sample all = Sample.of(scores, rows);
    Summary point = all.summary(seed);
    List<CurvePoint> curve = all.curve();
    Map<Integer, Estimate> upliftAt = new LinkedHashMap<>();
    Estimate qini;
    Estimate auuc;
    if (resamples > 0) {
      double[][] draws = new double[2 + TOP_PERCENTS.size()][resamples];
      SplittableRandom random = new SplittableRandom(seed);
      for (int s = 0; s < resamples; s++) {
        Summary summary = all.resample(random).summary(seed + s);
        draws[0][s] = summary.qini();
        draws[1][s] = summary.auuc();
        for (int k = 0; k < TOP_PERCENTS.size(); k++) {
          draws[2 + k][s] = summary.upliftAt()[k];
        }
      }
      qini = interval(point.qini(), draws[0]);
      auuc = interval(point.auuc(), draws[1]);
      for (int k = 0; k < TOP_PERCENTS.size(); k++) {
        upliftAt.put(TOP_PERCENTS.get(k), interval(point.upliftAt()[k], draws[2 + k]));
      }
    } else {
      qini = new Estimate(point.qini(), Double.NaN, Double.NaN);
      auuc = new Estimate(point.auuc(), Double.NaN, Double.NaN);
      for (int k = 0; k < TOP_PERCENTS.size(); k++) {
        upliftAt.put(
            TOP_PERCENTS.get(k), new Estimate(point.upliftAt()[k], Double.NaN, Double.NaN));
      }
    }
    return new Evaluation(model, rows.size(), point.ate(), qini, auuc, upliftAt, thin(curve));
  }

  /**
   * The evaluation as a model's manifest stores it ({@code held_out_metrics}), with the held-out
   * rows' counts per arm ({@code arms}: rows and outcomes, treated and control), which the
   * promotion's floor reads.
   */
  public static Map<String, Object> manifestEntry(Evaluation e, UpliftData heldOut) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", e.rows());
    m.put("ate", e.ate());
    m.put("qini_coefficient", e.qini().value());
    m.put("qini_coefficient_95", List.of(e.qini().lower(), e.qini().upper()));
    m.put("auuc", e.auuc().value());
    m.put("auuc_random", e.randomAuuc());
    Map<String, Object> at = new LinkedHashMap<>();
    for (int k : TOP_PERCENTS) {
      at.put(k + "%", e.upliftAt().get(k).value());
    }
    m.put("uplift_at", at);
    int treated = 0;
    int treatedOutcomes = 0;
    int controlOutcomes = 0;
    for (int i = 0; i < heldOut.size(); i++) {
      if (heldOut.treated()[i]) {
        treated++;
        treatedOutcomes += heldOut.outcome()[i] ? 1 : 0;
      } else {
        controlOutcomes += heldOut.outcome()[i] ? 1 : 0;
      }
    }
    Map<String, Object> arms = new LinkedHashMap<>();
    arms.put("treated", treated);
    arms.put("treated_outcomes", treatedOutcomes);
    arms.put("control", heldOut.size() - treated);
    arms.put("control_outcomes", controlOutcomes);
    m.put("arms", arms);
    return m;
  }

  private static Estimate interval(double value, double[] draws) {
    double[] finite = Arrays.stream(draws).filter(Double::isFinite).sorted().toArray();
    if (finite.length == 0) {
      return new Estimate(value, Double.NaN, Double.NaN);
    }
    return new Estimate(
        value,
        finite[(int) Math.floor(0.025 * (finite.length - 1))],
        finite[(int) Math.ceil(0.975 * (finite.length - 1))]);
  }

  private static List<CurvePoint> thin(List<CurvePoint> curve) {
    if (curve.size() <= MAX_CURVE_POINTS) {
      return curve;
    }
    List<CurvePoint> out = new ArrayList<>();
    double step = (curve.size() - 1) / (double) (MAX_CURVE_POINTS - 1);
    for (int i = 0; i < MAX_CURVE_POINTS; i++) {
      out.add(curve.get((int) Math.round(i * step)));
    }
    return out;
  }

  private record Summary(double ate, double qini, double auuc, double[] upliftAt) {}

  /** Rows as parallel arrays: score, arm, outcome, inverse-propensity weight. */
  private record Sample(double[] score, boolean[] treated, double[] y, double[] weight) {
    static Sample of(double[] scores, UpliftData rows) {
      double[] y = new double[scores.length];
      double[] w = new double[scores.length];
      for (int i = 0; i < scores.length; i++) {
        y[i] = rows.outcome()[i] ? 1 : 0;
        double e = rows.propensity()[i];
        w[i] = rows.treated()[i] ? 1 / e : 1 / (1 - e);
      }
      return new Sample(scores.clone(), rows.treated().clone(), y, w);
    }

    Sample resample(SplittableRandom random) {
      int n = score.length;
      double[] s = new double[n];
      boolean[] t = new boolean[n];
      double[] yy = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        s[i] = score[j];
        t[i] = treated[j];
        yy[i] = y[j];
        w[i] = weight[j];
      }
      return new Sample(s, t, yy, w);
    }

    /** The curves at the end of each group of tied scores, from (0, 0). */
    List<CurvePoint> curve() {
      Integer[] order = order(null);
      int n = order.length;
      double totalTreatedWeight = 0;
      for (int i = 0; i < n; i++) {
        totalTreatedWeight += treated[i] ? weight[i] : 0;
      }
      List<CurvePoint> points = new ArrayList<>();
      points.add(new CurvePoint(0, 0, 0));
      Cumulative c = new Cumulative();
      for (int k = 0; k < n; k++) {
        c.add(order[k]);
        if (k + 1 < n && score[order[k + 1]] == score[order[k]]) {
          continue;
        }
        double share = (k + 1) / (double) n;
        points.add(new CurvePoint(share, c.qini() / totalTreatedWeight, c.uplift() * share));
      }
      return points;
    }

    Summary summary(long tieSeed) {
      List<CurvePoint> curve = curve();
      double qiniArea = 0;
      double gainArea = 0;
      for (int i = 1; i < curve.size(); i++) {
        CurvePoint a = curve.get(i - 1);
        CurvePoint b = curve.get(i);
        double width = b.share() - a.share();
        qiniArea += width * (a.qini() + b.qini()) / 2;
        gainArea += width * (a.gain() + b.gain()) / 2;
      }
      CurvePoint last = curve.get(curve.size() - 1);
      double[] upliftAt = new double[TOP_PERCENTS.size()];
      Integer[] order = order(new SplittableRandom(tieSeed));
      for (int k = 0; k < upliftAt.length; k++) {
        int top = (int) Math.ceil(TOP_PERCENTS.get(k) / 100.0 * order.length);
        Cumulative c = new Cumulative();
        for (int i = 0; i < top; i++) {
          c.add(order[i]);
        }
        upliftAt[k] = c.hasBothArms() ? c.uplift() : Double.NaN;
      }
      return new Summary(last.gain(), qiniArea - last.qini() / 2, gainArea, upliftAt);
    }

    /** Row positions by descending score; ties in a random order when {@code random} is given. */
    private Integer[] order(SplittableRandom random) {
      Integer[] order = new Integer[score.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      if (random != null) {
        for (int i = order.length - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          Integer swap = order[i];
          order[i] = order[j];
          order[j] = swap;
        }
      }
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
      return order;
    }

    private final class Cumulative {
      private double treatedWeight;
      private double controlWeight;
      private double treatedOutcome;
      private double controlOutcome;

      void add(int row) {
        if (treated[row]) {
          treatedWeight += weight[row];
          treatedOutcome += weight[row] * y[row];
        } else {
          controlWeight += weight[row];
          controlOutcome += weight[row] * y[row];
        }
      }

      boolean hasBothArms() {
        return treatedWeight > 0 && controlWeight > 0;
      }

      double uplift() {
        return hasBothArms() ? treatedOutcome / treatedWeight - controlOutcome / controlWeight : 0;
      }

      double qini() {
        return hasBothArms() ? treatedOutcome - controlOutcome * treatedWeight / controlWeight : 0;
      }
    }
  }
}
