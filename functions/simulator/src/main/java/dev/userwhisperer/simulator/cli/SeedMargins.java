package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.ArmResult;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How far a platform arm is past the targets in one seed's run, each margin positive when the
 * target is met: retention and trial → paid above the better of the blast (b) and the drip (c), in
 * points, and messages per user under the blast's.
 */
record SeedMargins(long seed, double retention, double conversion, double messagesUnderBlast) {

  /** The margins of the arm at {@code platformIndex} in a run whose arms start (a), (b), (c). */
  static SeedMargins of(long seed, List<ArmResult> arms, int platformIndex) {
    ArmResult blast = arms.get(1);
    ArmResult drip = arms.get(2);
    ArmResult platform = arms.get(platformIndex);
    return new SeedMargins(
        seed,
        100 * (platform.retention30() - Math.max(blast.retention30(), drip.retention30())),
        100
            * (platform.trialConversion()
                - Math.max(blast.trialConversion(), drip.trialConversion())),
        blast.messagesPerUser() - platform.messagesPerUser());
  }

  /**
   * The mean of a margin over paired runs (each seed is one population under every arm) and its
   * confidence interval at 95 %, from Student's t with n − 1 degrees of freedom.
   */
  record Mean(double mean, double low, double high) {
    /** Whether the whole interval is above zero: the target is met beyond seed-to-seed noise. */
    boolean shown() {
      return low > 0;
    }
  }

  static <T> Mean mean(List<T> runs, ToDoubleFunction<T> margin) {
    int n = runs.size();
    if (n < 2) {
      throw new IllegalArgumentException("a confidence interval needs two seeds or more: " + n);
    }
    double mean = runs.stream().mapToDouble(margin).average().orElseThrow();
    double squares =
        runs.stream().mapToDouble(r -> Math.pow(margin.applyAsDouble(r) - mean, 2)).sum();
    double half = studentT975(n - 1) * Math.sqrt(squares / (n - 1) / n);
    return new Mean(mean, mean - half, mean + half);
  }

  /**
   * The 97.5 % quantile of Student's t (two-sided 95 %): the standard table up to 30 degrees of
   * freedom, beyond it the normal quantile with its first 1/df correction (within 0.005).
   */
  static double studentT975(int degreesOfFreedom) {
    double[] table = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
      2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
      2.052, 2.048, 2.045, 2.042
    };
    if (degreesOfFreedom < 1) {
      throw new IllegalArgumentException(
          "degrees of freedom must be positive: " + degreesOfFreedom);
    }
    if (degreesOfFreedom <= table.length) {
      return table[degreesOfFreedom - 1];
    }
    double z = 1.959964;
    return z + (z * z * z + z) / (4.0 * degreesOfFreedom);
  }
}
