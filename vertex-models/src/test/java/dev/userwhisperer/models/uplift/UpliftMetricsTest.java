package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UpliftMetricsTest {
  private static UpliftData rows(boolean[] treated, boolean[] outcome, double propensity) {
    double[] p = new double[treated.length];
    Arrays.fill(p, propensity);
    return new UpliftData(new float[treated.length][1], treated, outcome, p, "test");
  }

  // treated responder, control non-responder, treated non-responder, control responder
  private static final boolean[] TREATED = {true, false, true, false};
  private static final boolean[] OUTCOME = {true, false, false, true};

  @Test
  void handCheckedQiniAuucAndUpliftAtK() {
    UpliftMetrics.Evaluation e =
        UpliftMetrics.evaluate("m", new double[] {4, 3, 2, 1}, rows(TREATED, OUTCOME, 0.5), 0, 1L);

    // Qini points (0,0) (.25,0) (.5,.5) (.75,.5) (1,0): area 0.25, random line ends at 0
    assertThat(e.qini().value()).isCloseTo(0.25, within(1e-12));
    // gain points (0,0) (.25,0) (.5,.5) (.75,.375) (1,0)
    assertThat(e.auuc().value()).isCloseTo(0.21875, within(1e-12));
    assertThat(e.ate()).isCloseTo(0, within(1e-12));
    assertThat(e.upliftAt().get(50).value()).isCloseTo(1.0, within(1e-12));
    assertThat(e.upliftAt().get(10).value()).as("top row is treated only").isNaN();
    assertThat(e.curve()).hasSize(5);
  }

  @Test
  void reversedRankingScoresBelowRandomAndConstantScoreScoresExactlyRandom() {
    UpliftData data = rows(TREATED, OUTCOME, 0.5);

    double reversed =
        UpliftMetrics.evaluate("r", new double[] {1, 2, 3, 4}, data, 0, 1L).qini().value();
    UpliftMetrics.Evaluation constant =
        UpliftMetrics.evaluate("c", new double[] {7, 7, 7, 7}, data, 0, 1L);

    assertThat(reversed).isNegative();
    assertThat(constant.qini().value()).isCloseTo(0, within(1e-12));
    assertThat(constant.auuc().value()).isCloseTo(constant.randomAuuc(), within(1e-12));
    assertThat(constant.curve()).as("tied scores are one step").hasSize(2);
  }

  @Test
  void oneTreatedShareForAllRowsChangesNothing() {
    double[] scores = {4, 3, 2, 1};
    UpliftMetrics.Evaluation half =
        UpliftMetrics.evaluate("m", scores, rows(TREATED, OUTCOME, 0.5), 0, 1L);
    UpliftMetrics.Evaluation quarter =
        UpliftMetrics.evaluate("m", scores, rows(TREATED, OUTCOME, 0.25), 0, 1L);

    assertThat(quarter.qini().value()).isCloseTo(half.qini().value(), within(1e-12));
    assertThat(quarter.auuc().value()).isCloseTo(half.auuc().value(), within(1e-12));
  }

  @Test
  void inversePropensityWeightsRemoveTheBiasOfATreatedShareThatVariesWithTheOutcome() {
    // segment A: always converts, treated with p 0.8; segment B: never converts, p 0.2; no effect
    boolean[] treated = new boolean[20];
    boolean[] outcome = new boolean[20];
    double[] propensity = new double[20];
    for (int i = 0; i < 20; i++) {
      boolean a = i < 10;
      treated[i] = a ? i < 8 : i < 12;
      outcome[i] = a;
      propensity[i] = a ? 0.8 : 0.2;
    }
    UpliftData data = new UpliftData(new float[20][1], treated, outcome, propensity, "test");

    UpliftMetrics.Evaluation e = UpliftMetrics.evaluate("m", new double[20], data, 0, 1L);

    // unweighted: 8/10 treated convert against 2/10 control, a false +0.6
    assertThat(e.ate()).isCloseTo(0, within(1e-12));
  }

  @Test
  void bootstrapIntervalsHoldThePointEstimate() {
    SyntheticCampaign campaign = SyntheticCampaign.generate(1000, 3, false);
    UpliftData data = campaign.data(campaign.encoding());

    UpliftMetrics.Evaluation e =
        UpliftMetrics.evaluate("oracle", campaign.trueEffect(), data, 200, 5L);

    assertThat(e.qini().lower()).isLessThanOrEqualTo(e.qini().value());
    assertThat(e.qini().upper()).isGreaterThanOrEqualTo(e.qini().value());
    assertThat(e.qini().lower()).as("the true effect ranks better than random").isPositive();
    for (int k : UpliftMetrics.TOP_PERCENTS) {
      assertThat(e.upliftAt().get(k).lower()).isLessThan(e.upliftAt().get(k).upper());
    }
  }
}
