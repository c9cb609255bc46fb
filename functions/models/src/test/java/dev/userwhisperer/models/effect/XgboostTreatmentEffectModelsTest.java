package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostTreatmentEffectModelsTest {
  private static final Slot WINBACK = new Slot("app1", "winback");

  @TempDir Path root;

  /**
   * A T-learner on one feature, sessions_28d in 0..9: untreated users convert with 0.3 whatever
   * their sessions; treated ones with 0.6 above 5 sessions and 0.1 at or below: a message helps the
   * engaged and harms the rest.
   */
  private static void writeTLearner(Path dir, String version) throws Exception {
    Files.createDirectories(dir);
    Random random = new Random(7);
    int n = 4000;
    float[] x0 = new float[n];
    float[] y0 = new float[n];
    float[] x1 = new float[n];
    float[] y1 = new float[n];
    for (int i = 0; i < n; i++) {
      x0[i] = random.nextInt(10);
      y0[i] = random.nextDouble() < 0.3 ? 1 : 0;
      x1[i] = random.nextInt(10);
      y1[i] = random.nextDouble() < (x1[i] > 5 ? 0.6 : 0.1) ? 1 : 0;
    }
    train(x0, y0).saveModel(dir.resolve("mu0.ubj").toString());
    train(x1, y1).saveModel(dir.resolve("mu1.ubj").toString());
    Files.writeString(
        dir.resolve(XgboostEffectModel.MANIFEST_FILE),
        """
        {"format": "user-whisperer-uplift", "format_version": 1, "version": "%s",
         "learner": "t-learner", "score": "mu1(x) - mu0(x)", "treated_weight": 0.5,
         "boosters": {"mu0": "mu0.ubj", "mu1": "mu1.ubj"},
         "features": [{"name": "sessions_28d", "column": "sessions_28d"}]}
        """
            .formatted(version),
        StandardCharsets.UTF_8);
  }

  private static Booster train(float[] x, float[] y) throws Exception {
    DMatrix m = new DMatrix(x, x.length, 1, Float.NaN);
    m.setLabel(y);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", 2);
    params.put("eta", 0.3);
    params.put("nthread", 1);
    return XGBoost.train(m, params, 30, Map.of(), null, null);
  }

  @Test
  void aPromotedTLearnerScoresTheDifferenceItLearnedPerUser() throws Exception {
    ModelDirectory dir = new ModelDirectory(root);
    writeTLearner(dir.version(WINBACK, "v1"), "v1");
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
  void aVersionWrittenButNotPromotedIsNotUsed() throws Exception {
    ModelDirectory dir = new ModelDirectory(root);
    writeTLearner(dir.version(WINBACK, "v1"), "v1");
    var models = new XgboostTreatmentEffectModels(dir);

    models.refresh();

    assertThat(models.find("app1", "winback")).isEmpty();
  }

  @Test
  void aNewLiveVersionThatFailsToLoadLeavesThePreviousOneLiveAndSaysWhy() throws Exception {
    ModelDirectory dir = new ModelDirectory(root);
    writeTLearner(dir.version(WINBACK, "v1"), "v1");
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
    writeTLearner(dir, "v1");
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
    ModelDirectory dir = new ModelDirectory(root);

    assertThatThrownBy(() -> dir.promote(WINBACK, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
