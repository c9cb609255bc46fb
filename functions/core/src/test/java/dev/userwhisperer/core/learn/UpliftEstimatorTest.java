package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.port.ArmOutcomes;
import org.junit.jupiter.api.Test;

class UpliftEstimatorTest {
  private final UpliftEstimator estimator = new UpliftEstimator(50);

  @Test
  void aSmallHoldoutShrinksTheObservedDifferenceTowardsThePrior() {
    ArmOutcomes treated = new ArmOutcomes(2_000, 1_000, 0);
    ArmOutcomes control = new ArmOutcomes(20, 6, 0);

    UpliftEstimate estimate = estimator.estimate(treated, control, UpliftGoal.RETENTION, 0.02);

    double observed = 0.5 - 0.3;
    assertThat(estimate.uplift()).isBetween(0.02, observed);
    assertThat(estimate.uplift()).isCloseTo(0.0659, within(1e-4));
  }

  @Test
  void theStandardErrorIsThatOfTheTwoPosteriorsTogether() {
    ArmOutcomes treated = new ArmOutcomes(100, 40, 0);
    ArmOutcomes control = new ArmOutcomes(100, 40, 0);

    UpliftEstimate estimate = estimator.estimate(treated, control, UpliftGoal.RETENTION, 0.0);

    // pooled rate (80 + 1) / 202, each posterior Beta(50 m + 40, 50 (1 - m) + 60)
    double m = 81.0 / 202.0;
    BetaPosterior arm = new BetaPosterior(50 * m + 40, 50 * (1 - m) + 60);
    assertThat(estimate.uplift()).isCloseTo(0.0, within(1e-12));
    assertThat(estimate.standardError()).isCloseTo(Math.sqrt(2 * arm.variance()), within(1e-12));
  }

  @Test
  void anExtremePriorIsCutSoThatBothPriorMeansStayInsideZeroAndOne() {
    assertThat(
            estimator
                .estimate(ArmOutcomes.NONE, ArmOutcomes.NONE, UpliftGoal.RETENTION, 1.0)
                .uplift())
        .isEqualTo(UpliftEstimator.MAX_PRIOR_UPLIFT);
    assertThat(
            estimator
                .estimate(ArmOutcomes.NONE, ArmOutcomes.NONE, UpliftGoal.RETENTION, -1.0)
                .uplift())
        .isEqualTo(-UpliftEstimator.MAX_PRIOR_UPLIFT);
  }

  @Test
  void aPriorOutsideMinusOneToOneIsRejected() {
    assertThatThrownBy(
            () -> estimator.estimate(ArmOutcomes.NONE, ArmOutcomes.NONE, UpliftGoal.RETENTION, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                estimator.estimate(
                    ArmOutcomes.NONE, ArmOutcomes.NONE, UpliftGoal.RETENTION, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void armCountsMustBeConsistent() {
    assertThatThrownBy(() -> new ArmOutcomes(3, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArmOutcomes(3, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArmOutcomes(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
