package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostTreatmentEffectModelsTest {
  private static final Slot WINBACK = new Slot("app1", "winback");

  @TempDir Path root;

  @Test
  void aPromotedTLearnerScoresTheDifferenceItLearnedPerUser() throws Exception {
    ModelDirectory dir = new FileModelDirectory(root);
    TrainedModels.writeTLearner(dir.version(WINBACK, "v1"), "v1");
    dir.promote(WINBACK, "v1");
    var models = new XgboostTreatmentEffectModels(dir);

    models.refresh();

    EffectModel model = models.find("app1", "winback").orElseThrow();
    assertThat(model.version()).isEqualTo("v1");
    assertThat(model.effect(Map.of("sessions_28d", 8.0))).isBetween(0.15, 0.45);
    assertThat(model.effect(Map.of("sessions_28d", 2.0))).isBetween(-0.35, -0.05);
    assertThat(models.find("app1", "feature_tip")).isEmpty();
    assertThat(models.find("app2", "winback")).isEmpty();
  }

  @Test
  void aRowScoresExactlyAsItsBoostersPredictItFromAMatrix() throws Exception {
    ModelDirectory dir = new FileModelDirectory(root);
    Path version = dir.version(WINBACK, "v1");
    TrainedModels.writeTLearner(version, "v1");
    dir.promote(WINBACK, "v1");
    var models = new XgboostTreatmentEffectModels(dir);
    models.refresh();
    EffectModel model = models.find("app1", "winback").orElseThrow();
    Booster mu0 = XGBoost.loadModel(version.resolve("mu0.ubj").toString());
    Booster mu1 = XGBoost.loadModel(version.resolve("mu1.ubj").toString());

    for (float sessions : new float[] {0, 3, 6, 9, Float.NaN}) {
      DMatrix row = new DMatrix(new float[] {sessions}, 1, 1, Float.NaN);
      double expected = (double) mu1.predict(row)[0][0] - mu0.predict(row)[0][0];
      Map<String, Double> features =
          Float.isNaN(sessions) ? Map.of() : Map.of("sessions_28d", (double) sessions);

      assertThat(model.effect(features)).as("sessions %s", sessions).isEqualTo(expected);
    }
  }

  @Test
  void aVersionWrittenButNotPromotedIsNotUsed() throws Exception {
    ModelDirectory dir = new FileModelDirectory(root);
    TrainedModels.writeTLearner(dir.version(WINBACK, "v1"), "v1");
    var models = new XgboostTreatmentEffectModels(dir);

    models.refresh();

    assertThat(models.find("app1", "winback")).isEmpty();
  }

  @Test
  void aNewLiveVersionThatFailsToLoadLeavesThePreviousOneLiveAndSaysWhy() throws Exception {
    ModelDirectory dir = new FileModelDirectory(root);
    TrainedModels.writeTLearner(dir.version(WINBACK, "v1"), "v1");
    dir.promote(WINBACK, "v1");
    var models = new XgboostTreatmentEffectModels(dir);
    models.refresh();
    EffectModel before = models.find("app1", "winback").orElseThrow();
    Files.createDirectories(dir.version(WINBACK, "v2"));
    Files.writeString(dir.version(WINBACK, "v2").resolve("uplift-model.json"), "{\"format\": 1}");
    dir.promote(WINBACK, "v2");

    models.refresh();

    assertThat(models.find("app1", "winback")).containsSame(before);
    assertThat(models.problems().get(WINBACK)).contains("is not a user-whisperer-uplift v1");
  }

  @Test
  void aModelWithAOneHotFeatureIsRefusedAtLoad() throws Exception {
    Path dir = root.resolve("m");
    TrainedModels.writeTLearner(dir, "v1");
    String manifest = Files.readString(dir.resolve("uplift-model.json"));
    Files.writeString(
        dir.resolve("uplift-model.json"),
        manifest.replace(
            "\"column\": \"sessions_28d\"}", "\"column\": \"plan\", \"level\": \"pro\"}"));

    assertThatThrownBy(() -> XgboostEffectModel.load(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("one-hot");
  }

  @Test
  void promotingAVersionThatWasNeverWrittenIsRefused() {
    ModelDirectory dir = new FileModelDirectory(root);

    assertThatThrownBy(() -> dir.promote(WINBACK, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
