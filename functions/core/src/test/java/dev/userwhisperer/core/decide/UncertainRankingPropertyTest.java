package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/**
 * Properties of the ranking's Thompson draws ({@link InterventionRanking#rank}) over any two
 * posteriors: the chance it logs is the chance of the higher draw, the gate's losers never beat its
 * winners, a posterior without spread is taken at its mean, and a decision draws the same again.
 */
class UncertainRankingPropertyTest {
  private static final List<Intervention> OFFERED =
      List.of(InterventionCatalog.WINBACK, InterventionCatalog.FEATURE_TIP);
  private static final Profile USER = Profiles.user("u1").build();

  private static UpliftModel two(double winback, double winbackSd, double tip, double tipSd) {
    return new UpliftModel() {
      @Override
      public double uplift(String interventionId, Profile profile) {
        return predict(interventionId, profile, Profiles.T0).uplift();
      }

      @Override
      public PredictedEffect predict(String interventionId, Profile profile, Instant at) {
        return interventionId.equals("winback")
            ? new PredictedEffect(winback, winbackSd, 0, PredictedEffect.Source.TABLE, null)
            : new PredictedEffect(tip, tipSd, 0, PredictedEffect.Source.PRIOR, null);
      }
    };
  }

  private static List<InterventionRanking.Ranked> rank(UpliftModel model, long seed) {
    return InterventionRanking.rank(
        OFFERED, model, USER, Profiles.T0, 0, new SplittableRandom(seed));
  }

  private static InterventionRanking.Ranked of(
      List<InterventionRanking.Ranked> ranked, String name) {
    return ranked.stream()
        .filter(r -> r.intervention().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Property
  void theChanceLoggedIsTheChanceOfTheHigherDraw(
      @ForAll @DoubleRange(min = 0.001, max = 0.2) @Scale(4) double winback,
      @ForAll @DoubleRange(min = 0.005, max = 0.15) @Scale(4) double winbackSd,
      @ForAll @DoubleRange(min = 0.001, max = 0.2) @Scale(4) double tip,
      @ForAll @DoubleRange(min = 0.005, max = 0.15) @Scale(4) double tipSd,
      @ForAll long seed) {
    double expected = Normal.cdf((tip - winback) / Math.hypot(winbackSd, tipSd));

    double logged = of(rank(two(winback, winbackSd, tip, tipSd), seed), "feature_tip").propensity();

    // 250 rounds: a standard error of at most 0.032
    assertThat(logged).isCloseTo(expected, within(0.15));
  }

  @Property
  void aCandidateTheGateWouldStopIsNeverChosenOverOneItWouldPass(
      @ForAll @DoubleRange(min = 0.0001, max = 0.2) @Scale(4) double passing,
      @ForAll @DoubleRange(min = 0, max = 0.3) @Scale(4) double passingSd,
      @ForAll @DoubleRange(min = -0.2, max = 0) @Scale(4) double stopped,
      @ForAll @DoubleRange(min = 0, max = 0.3) @Scale(4) double stoppedSd,
      @ForAll long seed) {
    var ranked = rank(two(stopped, stoppedSd, passing, passingSd), seed);

    assertThat(ranked.get(0).intervention()).isEqualTo(InterventionCatalog.FEATURE_TIP);
    assertThat(of(ranked, "winback").propensity()).isZero();
  }

  @Property
  void aPosteriorWithoutSpreadIsTakenAtItsMean(
      @ForAll @DoubleRange(min = -0.2, max = 0.2) @Scale(4) double winback,
      @ForAll @DoubleRange(min = -0.2, max = 0.2) @Scale(4) double tip,
      @ForAll long seed) {
    var ranked = rank(two(winback, 0, tip, 0), seed);

    String best = tip > winback ? "feature_tip" : "winback";
    assertThat(ranked.get(0).intervention().name()).isEqualTo(best);
    assertThat(ranked.get(0).propensity()).isEqualTo(1.0);
    assertThat(ranked).allSatisfy(r -> assertThat(r.draw()).isEqualTo(r.uplift()));
  }

  @Property
  void aDecisionDrawsTheSameEveryTime(
      @ForAll @LongRange(min = 0) long idHigh,
      @ForAll long idLow,
      @ForAll @DoubleRange(min = -0.2, max = 0.2) @Scale(4) double winback,
      @ForAll @DoubleRange(min = -0.2, max = 0.2) @Scale(4) double tip) {
    Assume.that(winback > 0 || tip > 0);
    String decisionId = String.format("%016x%016x", idHigh, idLow);
    UpliftModel model = two(winback, 0.07, tip, 0.1);

    var first =
        InterventionRanking.rank(
            OFFERED, model, USER, Profiles.T0, 0, RandomDraws.STABLE.ranking(decisionId));
    var again =
        InterventionRanking.rank(
            OFFERED, model, USER, Profiles.T0, 0, RandomDraws.STABLE.ranking(decisionId));

    assertThat(again).isEqualTo(first);
  }
}
