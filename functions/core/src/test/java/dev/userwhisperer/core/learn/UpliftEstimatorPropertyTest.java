package dev.userwhisperer.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.port.ArmOutcomes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class UpliftEstimatorPropertyTest {
  private static final UpliftEstimator ESTIMATOR = UpliftEstimator.DEFAULT;

  @Property
  void withoutDataTheUpliftIsExactlyThePrior(
      @ForAll @DoubleRange(min = -0.98, max = 0.98) double prior) {
    UpliftEstimate estimate =
        ESTIMATOR.estimate(ArmOutcomes.NONE, ArmOutcomes.NONE, UpliftGoal.RETENTION, prior);

    assertThat(estimate.uplift()).isEqualTo(prior);
    assertThat(estimate.standardError()).isPositive();
  }

  @Property
  void withManyDecisionsTheUpliftConvergesToTheObservedDifference(
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double treatedRate,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double controlRate,
      @ForAll @DoubleRange(min = -0.98, max = 0.98) double prior,
      @ForAll @IntRange(min = 1, max = 6) int magnitude) {
    long n = (long) Math.pow(10, magnitude);
    ArmOutcomes treated = arm(n, treatedRate);
    ArmOutcomes control = arm(n, controlRate);
    double observed = (double) treated.retained() / n - (double) control.retained() / n;

    UpliftEstimate estimate = ESTIMATOR.estimate(treated, control, UpliftGoal.RETENTION, prior);

    // each arm's posterior mean is within k / (k + n) of its observed rate
    double k = ESTIMATOR.priorStrength();
    assertThat(estimate.uplift()).isCloseTo(observed, within(2 * k / (k + n) + 1e-12));
    assertThat(estimate.standardError()).isLessThanOrEqualTo(Math.sqrt(2 * 0.25 / (k + n + 1)));
  }

  @Property
  void swappingTheArmsAndNegatingThePriorNegatesTheUplift(
      @ForAll("arm") ArmOutcomes treated,
      @ForAll("arm") ArmOutcomes control,
      @ForAll @DoubleRange(min = -0.98, max = 0.98) double prior) {
    UpliftEstimate forward = ESTIMATOR.estimate(treated, control, UpliftGoal.RETENTION, prior);
    UpliftEstimate swapped = ESTIMATOR.estimate(control, treated, UpliftGoal.RETENTION, -prior);

    assertThat(swapped.uplift()).isCloseTo(-forward.uplift(), within(1e-12));
    assertThat(swapped.standardError()).isCloseTo(forward.standardError(), within(1e-12));
  }

  @Property
  void swappingSuccessesAndFailuresNegatesTheUplift(
      @ForAll("arm") ArmOutcomes treated,
      @ForAll("arm") ArmOutcomes control,
      @ForAll @DoubleRange(min = -0.98, max = 0.98) double prior) {
    UpliftEstimate forward = ESTIMATOR.estimate(treated, control, UpliftGoal.RETENTION, prior);
    UpliftEstimate mirrored =
        ESTIMATOR.estimate(mirror(treated), mirror(control), UpliftGoal.RETENTION, -prior);

    assertThat(mirrored.uplift()).isCloseTo(-forward.uplift(), within(1e-9));
    assertThat(mirrored.standardError()).isCloseTo(forward.standardError(), within(1e-9));
  }

  @Property
  void moreDataNeverWidensTheStandardErrorOfAnArmThatKeepsItsRate(
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double rate,
      @ForAll @IntRange(min = 1, max = 5) int magnitude) {
    long n = (long) Math.pow(10, magnitude);
    ArmOutcomes control = arm(100, 0.4);

    double fewer =
        ESTIMATOR.estimate(arm(n, rate), control, UpliftGoal.RETENTION, 0.02).standardError();
    double more =
        ESTIMATOR.estimate(arm(n * 10, rate), control, UpliftGoal.RETENTION, 0.02).standardError();

    assertThat(more).isLessThanOrEqualTo(fewer + 1e-12);
  }

  @Provide
  Arbitrary<ArmOutcomes> arm() {
    return Arbitraries.longs()
        .between(0, 5_000)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.longs().between(0, n), Arbitraries.longs().between(0, n))
                    .as((retained, converted) -> new ArmOutcomes(n, retained, converted)));
  }

  private static ArmOutcomes arm(long n, double rate) {
    return new ArmOutcomes(n, Math.round(n * rate), 0);
  }

  private static ArmOutcomes mirror(ArmOutcomes arm) {
    return new ArmOutcomes(arm.decisions(), arm.decisions() - arm.retained(), arm.converted());
  }
}
