package dev.userwhisperer.models.uplift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.models.Progress;
import dev.userwhisperer.models.TrainingConfig;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The learners on a synthetic randomized campaign with a known effect: +0.3 for a fifth of the
 * rows, −0.3 for a fifth, about zero for the rest (see {@link SyntheticCampaign}).
 */
class UpliftLearnersTest {
  static final TrainingConfig SMALL =
      new TrainingConfig(3, 0.15, 0.8, 0.8, 10.0, 1.0, 150, 15, 0.2, 11L, 1);

  private static SyntheticComparison.Result compare(long seed, boolean varyingPropensity)
      throws XGBoostError {
    return new SyntheticComparison(new UpliftTrainer(SMALL), Progress.silent())
        .run(
            SyntheticCampaign.generate(6000, seed, varyingPropensity),
            1.0 / 3,
            50,
            Optional.empty());
  }

  private static UpliftMetrics.Evaluation evaluation(SyntheticComparison.Result r, String model) {
    return r.evaluations().stream().filter(e -> e.model().equals(model)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyLearnerRecoversTheSignOfLargeEffectsAndRanksNearTheOracle(boolean varyingPropensity)
      throws XGBoostError {
    SyntheticComparison.Result r = compare(1, varyingPropensity);
    UpliftMetrics.Evaluation oracle = evaluation(r, "oracle (true effect)");
    UpliftMetrics.Evaluation random = evaluation(r, "random scores");

    assertThat(oracle.qini().value()).isGreaterThan(0.03);
    for (UpliftLearner learner : UpliftLearner.values()) {
      UpliftMetrics.Evaluation learned = evaluation(r, learner.id());
      assertThat(r.signRecovery().get(learner)).as(learner.id()).isGreaterThanOrEqualTo(0.9);
      assertThat(learned.qini().lower()).as(learner.id() + " beats random").isPositive();
      assertThat(learned.qini().value())
          .as(learner.id() + " against random scores")
          .isGreaterThan(random.qini().value() + 0.02);
      assertThat(learned.qini().value())
          .as(learner.id() + " near the oracle")
          .isGreaterThan(0.75 * oracle.qini().value());
      assertThat(learned.upliftAt().get(20).value())
          .as(learner.id() + " top 20 % gain far more than the average")
          .isGreaterThan(learned.ate() + 0.1);
    }
  }

  @ParameterizedTest
  @EnumSource(UpliftLearner.class)
  void sameDataAndSeedGiveTheSameScores(UpliftLearner learner) throws XGBoostError {
    SyntheticCampaign campaign = SyntheticCampaign.generate(1200, 4, false);
    FeatureEncoding encoding = campaign.encoding();
    UpliftData data = campaign.data(encoding);
    UpliftTrainer trainer = new UpliftTrainer(SMALL);

    double[] first =
        trainer.train(learner, data, encoding.names(), Progress.silent()).score(data.features());
    double[] second =
        trainer.train(learner, data, encoding.names(), Progress.silent()).score(data.features());

    assertThat(second).containsExactly(first);
  }
}
