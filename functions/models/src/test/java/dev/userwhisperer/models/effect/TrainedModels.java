package dev.userwhisperer.models.effect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/** Small uplift model directories in {@code uplift train}'s format, trained here. */
final class TrainedModels {
  private TrainedModels() {}

  /**
   * A T-learner on one feature, sessions_28d in 0..9: untreated users convert with 0.3 whatever
   * their sessions; treated ones with 0.6 above 5 sessions and 0.1 at or below: a message helps the
   * engaged and harms the rest.
   */
  static void writeTLearner(Path dir, String version) throws Exception {
    writeTLearner(dir, version, 30_000, 0.04);
  }

  /**
   * The same, recording {@code rows} held-out rows, half in each arm and a quarter of each arm's
   * reaching the goal, and a held-out Qini of {@code qini} ± 0.01.
   */
  static void writeTLearner(Path dir, String version, long rows, double qini) throws Exception {
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
         "training": {"rows": %d},
         "held_out_metrics": {"qini_coefficient": %s, "qini_coefficient_95": [%s, %s],
           "arms": {"treated": %d, "treated_outcomes": %d, "control": %d, "control_outcomes": %d}},
         "learner": "t-learner", "score": "mu1(x) - mu0(x)", "treated_weight": 0.5,
         "boosters": {"mu0": "mu0.ubj", "mu1": "mu1.ubj"},
         "features": [{"name": "sessions_28d", "column": "sessions_28d"}]}
        """
            .formatted(
                version,
                rows,
                qini,
                qini - 0.01,
                qini + 0.01,
                rows / 2,
                rows / 8,
                rows / 2,
                rows / 8),
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
}
