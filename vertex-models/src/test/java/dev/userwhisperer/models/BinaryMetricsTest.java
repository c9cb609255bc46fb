package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.models.BinaryMetrics.CalibrationBin;
import dev.userwhisperer.models.BinaryMetrics.RocPoint;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};
  private static final boolean[] LABELS = {false, false, true, true};

  @Test
  void rocAucCountsCorrectlyOrderedPairs() {
    // pairs (positive, negative): (0.35,0.1) ok, (0.35,0.4) wrong, (0.8,*) ok -> 3 of 4
    assertThat(BinaryMetrics.rocAuc(SCORES, LABELS)).isCloseTo(0.75, within(1e-12));
    assertThat(BinaryMetrics.rocAuc(new double[] {0.9, 0.1}, new boolean[] {true, false}))
        .isEqualTo(1.0);
    assertThat(BinaryMetrics.rocAuc(new double[] {0.1, 0.9}, new boolean[] {true, false}))
        .isEqualTo(0.0);
  }

  @Property(tries = 200)
  void rocAucEqualsTheShareOfCorrectlyOrderedPairs(
      @ForAll @Size(min = 2, max = 40) List<@IntRange(min = 0, max = 5) Integer> coarseScores,
      @ForAll long labelSeed) {
    double[] scores = coarseScores.stream().mapToDouble(i -> i / 5.0).toArray();
    boolean[] labels = new boolean[scores.length];
    java.util.Random random = new java.util.Random(labelSeed);
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextBoolean();
    }
    labels[0] = true;
    labels[1] = false;
    double pairs = 0;
    int total = 0;
    for (int p = 0; p < scores.length; p++) {
      for (int n = 0; n < scores.length; n++) {
        if (labels[p] && !labels[n]) {
          total++;
          pairs += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0;
        }
      }
    }
    assertThat(BinaryMetrics.rocAuc(scores, labels)).isCloseTo(pairs / total, within(1e-12));
  }

  @Test
  void tiedScoresCountHalf() {
    assertThat(
            BinaryMetrics.rocAuc(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, true}))
        .isEqualTo(0.5);
  }

  @Test
  void averagePrecisionWeighsPrecisionByRecallGained() {
    // ranked: 0.8(+) P=1 R=.5 ; 0.4(-) ; 0.35(+) P=2/3 R=1 -> 0.5*1 + 0.5*2/3
    assertThat(BinaryMetrics.averagePrecision(SCORES, LABELS)).isCloseTo(5.0 / 6, within(1e-12));
  }

  @Test
  void averagePrecisionTreatsTiesAsOneThreshold() {
    // one threshold: precision 2/4, recall 1
    assertThat(
            BinaryMetrics.averagePrecision(
                new double[] {0.3, 0.3, 0.3, 0.3}, new boolean[] {true, false, true, false}))
        .isCloseTo(0.5, within(1e-12));
  }

  @Test
  void rocCurveRunsFromOriginToCornerThroughEachThreshold() {
    assertThat(BinaryMetrics.rocCurve(SCORES, LABELS))
        .containsExactly(
            new RocPoint(0, 0),
            new RocPoint(0, 0.5),
            new RocPoint(0.5, 0.5),
            new RocPoint(0.5, 1),
            new RocPoint(1, 1));
  }

  @Test
  void brierIsMeanSquaredError() {
    // (0.1)^2 + (0.4)^2 + (0.65)^2 + (0.2)^2 = 0.01 + 0.16 + 0.4225 + 0.04 = 0.6325 / 4
    assertThat(BinaryMetrics.brier(SCORES, LABELS)).isCloseTo(0.158125, within(1e-12));
  }

  @Test
  void calibrationBinsByPredictedProbability() {
    List<CalibrationBin> table =
        BinaryMetrics.calibration(
            new double[] {0.05, 0.15, 0.12, 1.0}, new boolean[] {false, true, false, true}, 10);
    assertThat(table).hasSize(10);
    assertThat(table.get(0).count()).isEqualTo(1);
    assertThat(table.get(1).count()).isEqualTo(2);
    assertThat(table.get(1).meanPredicted()).isCloseTo(0.135, within(1e-12));
    assertThat(table.get(1).observedRate()).isEqualTo(0.5);
    assertThat(table.get(9).count()).isEqualTo(1);
    assertThat(table.get(5).count()).isZero();
    assertThat(table.get(5).observedRate()).isNaN();
  }

  @Test
  void liftComparesTopRateWithBaseRate() {
    double[] scores = new double[20];
    boolean[] labels = new boolean[20];
    for (int i = 0; i < 20; i++) {
      scores[i] = i / 20.0;
      labels[i] = i >= 15 || i == 3; // 6 positives of 20; the top 2 are both positive
    }
    // top decile: 2 rows, both positive -> 1.0 / 0.3
    assertThat(BinaryMetrics.lift(scores, labels, 0.1)).isCloseTo(1 / 0.3, within(1e-12));
  }

  @Test
  void liftSharesTiesAtTheBoundary() {
    // all tied: the top decile gets the average rate -> lift 1
    double[] scores = new double[10];
    boolean[] labels = {true, false, false, false, false, false, false, false, false, true};
    assertThat(BinaryMetrics.lift(scores, labels, 0.1)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void rankingMetricsNeedBothClasses() {
    assertThatThrownBy(
            () -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
