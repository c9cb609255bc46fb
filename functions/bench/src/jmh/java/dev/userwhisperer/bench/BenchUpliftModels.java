package dev.userwhisperer.bench;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * X-learner uplift models of the size the learn job promotes, written in {@code uplift train}'s
 * format and promoted in a model directory: two regression boosters of 200 trees of depth 6 over
 * every {@link FeatureVector} feature, trained on random rows whose effect is about +3 points near
 * an empty profile, so that decisions go on to the bandits as they do with the priors (the scores
 * mean nothing else; the cost of scoring is what is measured).
 */
final class BenchUpliftModels {
  static final int TREES = 200;
  static final int DEPTH = 6;

  private BenchUpliftModels() {}

  static void write(ModelDirectory directory, String appId, List<String> interventions)
      throws Exception {
    List<String> columns =
        new ArrayList<>(
            FeatureVector.of(Profile.empty(appId, "u"), Instant.EPOCH, LifecycleThresholds.DEFAULTS)
                .keySet());
    Random random = new Random(1);
    for (String intervention : interventions) {
      Slot slot = new Slot(appId, intervention);
      String version = "bench-" + intervention;
      Path dir = directory.version(slot, version);
      Files.createDirectories(dir);
      train(columns.size(), random).saveModel(dir.resolve("tau0.ubj").toString());
      train(columns.size(), random).saveModel(dir.resolve("tau1.ubj").toString());
      StringBuilder features = new StringBuilder();
      for (String c : columns) {
        features.append(features.isEmpty() ? "" : ",");
        features
            .append("{\"name\":\"")
            .append(c)
            .append("\",\"column\":\"")
            .append(c)
            .append("\"}");
      }
      Files.writeString(
          dir.resolve("uplift-model.json"),
          "{\"format\":\"user-whisperer-uplift\",\"format_version\":1,\"version\":\""
              + version
              + "\",\"learner\":\"x-learner\",\"treated_weight\":0.5,"
              + "\"boosters\":{\"tau0\":\"tau0.ubj\",\"tau1\":\"tau1.ubj\"},\"features\":["
              + features
              + "]}",
          StandardCharsets.UTF_8);
      directory.promote(slot, version);
    }
  }

  private static Booster train(int columns, Random random) throws XGBoostError {
    int rows = 5_000;
    float[] x = new float[rows * columns];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int r = 0; r < rows; r++) {
      y[r] = (float) (0.03 + 0.05 * x[r * columns] + 0.1 * random.nextGaussian());
    }
    DMatrix m = new DMatrix(x, rows, columns, Float.NaN);
    m.setLabel(y);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "reg:squarederror");
    params.put("max_depth", DEPTH);
    params.put("eta", 0.05);
    params.put("nthread", 1);
    return XGBoost.train(m, params, TREES, Map.of(), null, null);
  }
}
