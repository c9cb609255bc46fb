package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.models.Progress;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rows randomized as decide randomizes them, with a different share on each side of the uplift
 * gate: users the model says a message helps (feature {@code gated} = 0) are sent with probability
 * 0.9 × 0.95, those it says a message harms (gated = 1) with 0.9 × 0.05. A message lifts the first
 * from 0.50 to 0.55 and takes the second from 0.30 to 0.25, half the users each, so the effect of
 * sending to everyone is 0. The treated arm is then nearly all of the first kind and the control
 * arm nearly all of the second, and only the logged propensities put them back together.
 */
class InversePropensityWeightingTest {
  private static final int ROWS = 40_000;
  private static final double OPEN = 0.9 * 0.95;
  private static final double GATED = 0.9 * 0.05;

  private static UpliftData gatedRandomization(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[ROWS][];
    boolean[] treated = new boolean[ROWS];
    boolean[] outcome = new boolean[ROWS];
    double[] propensity = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      boolean gated = i % 2 == 1;
      x[i] = new float[] {gated ? 1 : 0, (float) random.nextDouble()};
      propensity[i] = gated ? GATED : OPEN;
      treated[i] = random.nextDouble() < propensity[i];
      double p = gated ? (treated[i] ? 0.25 : 0.30) : (treated[i] ? 0.55 : 0.50);
      outcome[i] = random.nextDouble() < p;
    }
    return new UpliftData(x, treated, outcome, propensity, "test");
  }

  /** Mean outcome of treated rows minus that of control rows, each weighted. */
  private static double effect(UpliftData data, float[] weights) {
    double[] sum = new double[2];
    double[] total = new double[2];
    for (int i = 0; i < data.size(); i++) {
      int arm = data.treated()[i] ? 1 : 0;
      double w = weights == null ? 1 : weights[i];
      sum[arm] += w * (data.outcome()[i] ? 1 : 0);
      total[arm] += w;
    }
    return sum[1] / total[1] - sum[0] / total[0];
  }

  @Test
  void armWeightsMakeTheEffectOfSendingToEveryoneUnbiasedWhereTheRawArmsAreNot() {
    UpliftData data = gatedRandomization(1);

    assertThat(effect(data, null)).as("unweighted").isGreaterThan(0.15);
    assertThat(effect(data, data.armWeights())).as("weighted").isCloseTo(0.0, within(0.03));
  }

  @Test
  void theWeightedEstimateIsCentredOnTheTruthAcrossSamples() {
    double sum = 0;
    int samples = 20;
    for (int s = 0; s < samples; s++) {
      UpliftData data = gatedRandomization(100 + s);
      sum += effect(data, data.armWeights());
    }

    assertThat(sum / samples).isCloseTo(0.0, within(0.01));
  }

  @Test
  void eachArmsWeightsAverageOneAndOneSharePerArmNeedsNone() {
    UpliftData data = gatedRandomization(2);
    float[] w = data.armWeights();
    double treated = 0;
    double control = 0;
    for (int i = 0; i < w.length; i++) {
      if (data.treated()[i]) {
        treated += w[i];
      } else {
        control += w[i];
      }
    }

    assertThat(treated / data.treatedCount()).isCloseTo(1.0, within(1e-4));
    assertThat(control / (data.size() - data.treatedCount())).isCloseTo(1.0, within(1e-4));
    double[] one = new double[data.size()];
    Arrays.fill(one, 0.5);
    assertThat(
            new UpliftData(data.features(), data.treated(), data.outcome(), one, "t").armWeights())
        .isNull();
  }

  @Test
  void theHeldOutEvaluationWeighsByTheLoggedPropensity() {
    UpliftData data = gatedRandomization(3);
    double[] noRanking = new double[data.size()];

    UpliftMetrics.Evaluation e = UpliftMetrics.evaluate("flat", noRanking, data, 0, 1L);

    assertThat(e.ate()).isCloseTo(0.0, within(0.03));
  }

  @Test
  void anXLearnerOnBothSidesOfTheGateFindsTheSignOfEachSide() throws Exception {
    UpliftData data = gatedRandomization(4);

    UpliftModel model =
        new UpliftTrainer(UpliftTrainer.DEFAULT_CONFIG)
            .train(UpliftLearner.X, data, List.of("gated", "noise"), Progress.silent());
    double[] scores;
    try {
      scores = model.score(new float[][] {{0, 0.5f}, {1, 0.5f}});
    } finally {
      model.boosters().values().forEach(b -> b.dispose());
    }

    assertThat(scores[0]).as("open side").isCloseTo(0.05, within(0.03));
    assertThat(scores[1]).as("gated side").isCloseTo(-0.05, within(0.03));
  }
}
