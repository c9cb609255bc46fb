package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.models.Progress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UpliftCalibrationTest {
  private static final List<String> NAMES = List.of("x0", "x1", "x2");

  /**
   * Randomized rows with three uniform features, treated with probability 0.6, the goal reached
   * with 0.5 untreated and 0.5 + {@code effect(x)} treated.
   */
  private static UpliftData rows(int n, long seed, ToDoubleFunction<float[]> effect) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[n][];
    boolean[] treated = new boolean[n];
    boolean[] outcome = new boolean[n];
    double[] propensity = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          new float[] {
            (float) random.nextDouble(), (float) random.nextDouble(), (float) random.nextDouble()
          };
      propensity[i] = 0.6;
      treated[i] = random.nextDouble() < 0.6;
      double p = 0.5 + (treated[i] ? effect.applyAsDouble(x[i]) : 0);
      outcome[i] = random.nextDouble() < p;
    }
    return new UpliftData(x, treated, outcome, propensity, "test");
  }

  private static UpliftCalibration trainAndCalibrate(ToDoubleFunction<float[]> effect)
      throws Exception {
    UpliftData training = rows(6_000, 1, effect);
    UpliftData heldOut = rows(20_000, 2, effect);
    UpliftModel model =
        new UpliftTrainer(UpliftTrainer.DEFAULT_CONFIG)
            .train(UpliftLearner.X, training, NAMES, Progress.silent());
    return UpliftCalibration.fit(model.score(heldOut.features()), heldOut);
  }

  @Test
  void aConstantEffectWithNoiseFeaturesIsServedAsTheAverageEffectToEveryone() throws Exception {
    UpliftCalibration calibration = trainAndCalibrate(x -> 0.03);

    assertThat(calibration.bins()).hasSizeGreaterThan(1);
    for (UpliftCalibration.Bin bin : calibration.bins()) {
      assertThat(bin.calibrated()).as("bin %s", bin).isCloseTo(0.03, within(0.015)).isPositive();
      assertThat(bin.calibratedStandardError()).isBetween(0.003, 0.02);
    }
  }

  /**
   * The map is judged apart from the learner here: the score is the feature that decides the
   * effect, blurred by noise as a learner's score would be.
   */
  @Test
  void anEffectThatDependsOnAFeatureIsSeparatedByTheCalibratedMap() {
    UpliftData heldOut = rows(20_000, 2, x -> x[0] > 0.5 ? 0.06 : -0.04);
    SplittableRandom noise = new SplittableRandom(5);
    double[] scores = new double[heldOut.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = heldOut.features()[i][0] - 0.5 + 0.2 * noise.nextGaussian();
    }

    UpliftCalibration calibration = UpliftCalibration.fit(scores, heldOut);

    List<UpliftCalibration.Bin> bins = calibration.bins();
    assertThat(bins).hasSize(UpliftCalibration.MAX_BINS);
    assertThat(bins.get(0).calibrated()).as("%s", bins).isLessThan(-0.02);
    assertThat(bins.get(bins.size() - 1).calibrated()).as("%s", bins).isGreaterThan(0.04);
    double[] served = new double[2];
    int[] users = new int[2];
    for (int i = 0; i < scores.length; i++) {
      int helped = heldOut.features()[i][0] > 0.5 ? 1 : 0;
      served[helped] += calibration.binOf(scores[i]).calibrated();
      users[helped]++;
    }
    assertThat(served[1] / users[1]).as("helped users").isGreaterThan(0.025);
    assertThat(served[0] / users[0]).as("harmed users").isLessThan(-0.005);
  }

  @Test
  void tooFewRowsForTwoBinsGiveOneBinTheHeldOutAverageEffect() {
    UpliftData thin = rows(70, 3, x -> 0.1);
    double[] scores = new double[thin.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = thin.features()[i][0];
    }

    UpliftCalibration calibration = UpliftCalibration.fit(scores, thin);

    assertThat(calibration.bins()).hasSize(1);
    UpliftCalibration.Bin only = calibration.bins().get(0);
    assertThat(only.calibrated()).isEqualTo(only.realized());
    assertThat(only.calibratedStandardError()).isCloseTo(only.standardError(), within(1e-12));
    assertThat(calibration.binOf(-5)).isEqualTo(only);
    assertThat(calibration.binOf(5)).isEqualTo(only);
  }

  @Test
  void fewerThanTheMinimumRowsPerArmCannotBeCalibrated() {
    UpliftData tiny = rows(30, 4, x -> 0);

    assertThatThrownBy(() -> UpliftCalibration.fit(new double[30], tiny))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calibration needs 20 treated and control rows");
  }

  @Test
  void inverseVarianceWeightedPoolingMergesViolatorsTowardTheSurerBin() {
    double[][] pooled =
        UpliftCalibration.poolAdjacentViolators(
            new double[] {0.10, 0.00, 0.20}, new double[] {0.01, 0.0025, 0.01});

    assertThat(pooled[0][0]).isCloseTo(0.02, within(1e-12));
    assertThat(pooled[0][1]).isCloseTo(0.02, within(1e-12));
    assertThat(pooled[0][2]).isEqualTo(0.20);
    assertThat(pooled[1][0]).isCloseTo(1 / (100.0 + 400.0), within(1e-12));
  }

  @Test
  void binsWhoseUpliftsDifferNoMoreThanTheirNoiseHaveNoBetweenBinVariance() {
    assertThat(
            UpliftCalibration.betweenBinVariance(
                new double[] {0.01, 0.03, 0.05}, new double[] {0.01, 0.01, 0.01}, 0.03))
        .isZero();
    assertThat(
            UpliftCalibration.betweenBinVariance(
                new double[] {-0.3, 0.0, 0.3}, new double[] {0.0001, 0.0001, 0.0001}, 0.0))
        .isCloseTo(0.09, within(0.001));
  }

  @Property(tries = 60)
  void theCalibratedMapNeverFallsAsTheScoreRises(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 150, max = 3_000) int n,
      @ForAll @IntRange(min = 1, max = 40) int distinctScores) {
    SplittableRandom random = new SplittableRandom(seed);
    double slope = random.nextDouble(-0.4, 0.4);
    UpliftData data = rows(n, seed, x -> slope * (x[0] - 0.5));
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = Math.floor(random.nextDouble() * distinctScores) / distinctScores;
    }

    UpliftCalibration calibration = UpliftCalibration.fit(scores, data);

    double previous = -1;
    for (double s = -0.5; s <= 1.5; s += 0.01) {
      double served = calibration.binOf(s).calibrated();
      assertThat(served).isGreaterThanOrEqualTo(previous).isBetween(-1.0, 1.0);
      previous = served;
    }
    int rows = 0;
    for (UpliftCalibration.Bin bin : calibration.bins()) {
      assertThat(bin.treated()).isGreaterThanOrEqualTo(UpliftCalibration.MIN_ROWS_PER_ARM_PER_BIN);
      assertThat(bin.control()).isGreaterThanOrEqualTo(UpliftCalibration.MIN_ROWS_PER_ARM_PER_BIN);
      rows += bin.treated() + bin.control();
    }
    assertThat(rows).isEqualTo(n);
  }
}
