package dev.userwhisperer.models;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of the ROC AUC difference between two scores of the same rows: both are
 * evaluated on each resample, so the interval reflects how much the comparison, not each model,
 * depends on which customers happened to be held out.
 */
public final class PairedBootstrap {
  private PairedBootstrap() {}

  /** A point estimate with its 95 % percentile interval. */
  public record Interval(double estimate, double lower, double upper) {}

  /**
   * AUC(a) − AUC(b) with a 95 % interval from {@code resamples} resamples drawn with {@code seed}.
   */
  public static Interval rocAucDifference(
      double[] a, double[] b, boolean[] labels, int resamples, long seed) {
    if (a.length != b.length || a.length != labels.length) {
      throw new IllegalArgumentException("scores and labels must cover the same rows");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int n = labels.length;
    double[] differences = new double[resamples];
    double[] ra = new double[n];
    double[] rb = new double[n];
    boolean[] rl = new boolean[n];
    for (int s = 0; s < resamples; s++) {
      int positives;
      do {
        positives = 0;
        for (int i = 0; i < n; i++) {
          int j = random.nextInt(n);
          ra[i] = a[j];
          rb[i] = b[j];
          rl[i] = labels[j];
          positives += labels[j] ? 1 : 0;
        }
      } while (positives == 0 || positives == n);
      differences[s] = BinaryMetrics.rocAuc(ra, rl) - BinaryMetrics.rocAuc(rb, rl);
    }
    Arrays.sort(differences);
    return new Interval(
        BinaryMetrics.rocAuc(a, labels) - BinaryMetrics.rocAuc(b, labels),
        differences[(int) Math.floor(0.025 * (resamples - 1))],
        differences[(int) Math.ceil(0.975 * (resamples - 1))]);
  }
}
