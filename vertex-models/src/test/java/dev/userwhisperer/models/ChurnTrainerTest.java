package dev.userwhisperer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

class ChurnTrainerTest {
  static final TrainingConfig SMALL =
      new TrainingConfig(3, 0.2, 0.8, 0.8, 1.0, 1.0, 60, 10, 0.25, 7L, 1);

  static List<LabeledCustomer> rows(int customers, long seed) {
    return new TrainingSetBuilder(SyntheticLog.HORIZON)
        .build(SyntheticLog.generate(customers, seed), SyntheticLog.CUTOFF);
  }

  @Test
  void learnsRecencySignalBetterThanChanceOnUnseenCustomers() throws XGBoostError {
    ChurnTrainer.TrainedModel model =
        new ChurnTrainer(SMALL)
            .fit(rows(600, 1).stream().map(LabeledCustomer::example).toList(), Progress.silent());
    List<LabeledCustomer> unseen = rows(300, 2);

    double[] scores =
        CustomerFeatures.predict(
            model.booster(), unseen.stream().map(LabeledCustomer::features).toList());
    boolean[] labels = new boolean[unseen.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = unseen.get(i).churned();
    }

    assertThat(model.rounds()).isBetween(1, SMALL.maxRounds());
    assertThat(model.booster().getNumBoostedRound()).isEqualTo(model.rounds());
    assertThat(model.trainRows() + model.validationRows()).isEqualTo(rows(600, 1).size());
    assertThat(BinaryMetrics.rocAuc(scores, labels)).isGreaterThan(0.7);
  }

  @Test
  void sameDataAndSeedGiveTheSameModel() throws XGBoostError {
    List<LabeledCustomer> data = rows(300, 3);
    byte[] first =
        new ChurnTrainer(SMALL)
            .fit(data.stream().map(LabeledCustomer::example).toList(), Progress.silent())
            .booster()
            .toByteArray("ubj");
    byte[] second =
        new ChurnTrainer(SMALL)
            .fit(data.stream().map(LabeledCustomer::example).toList(), Progress.silent())
            .booster()
            .toByteArray("ubj");
    assertThat(second).isEqualTo(first);
  }
}
