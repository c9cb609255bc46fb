package dev.userwhisperer.models.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.models.ModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostChurnScorerTest {
  private static final List<String> FEATURES =
      List.of("days_since_active", "sessions_7d", "failed_payments");

  @TempDir static Path dir;
  private static Booster booster;

  /** A tiny model on synthetic rows: users inactive for long, with few sessions, churn. */
  @BeforeAll
  static void trainAndExport() throws Exception {
    booster = export(dir);
  }

  /** Trains the model and writes its directory into {@code dir}; the version is "abc123". */
  static Booster export(Path dir) throws Exception {
    Random random = new Random(7);
    int rows = 300;
    float[] data = new float[rows * FEATURES.size()];
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      float inactive = random.nextFloat() * 30;
      float sessions = random.nextInt(20);
      float failed = random.nextInt(3);
      data[r * 3] = inactive;
      data[r * 3 + 1] = sessions;
      data[r * 3 + 2] = failed;
      labels[r] = inactive > 10 && sessions < 8 || failed > 1 ? 1 : 0;
    }
    DMatrix train = new DMatrix(data, rows, FEATURES.size(), Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params =
        Map.of("objective", "binary:logistic", "max_depth", 3, "eta", 0.5, "base_score", 0.5);
    Booster trained = XGBoost.train(train, params, 10, Map.of(), null, null);
    Files.write(dir.resolve(ModelExport.MODEL_FILE), trained.toByteArray("ubj"));
    Files.write(dir.resolve(ModelExport.FEATURES_FILE), Json.encode(FEATURES));
    Files.write(
        dir.resolve(ModelExport.METADATA_FILE),
        Json.encode(Map.of("version", "abc123", "model_file", "model.bst")));
    return trained;
  }

  private static float expected(float... row) throws Exception {
    return booster.predict(new DMatrix(row, 1, row.length, Float.NaN))[0][0];
  }

  @Test
  void scoresEqualTheBoostersPredictionsForTheFeaturesInTheExportedOrder() throws Exception {
    XgboostChurnScorer scorer = XgboostChurnScorer.load(dir);
    Map<String, Double> features = new HashMap<>();
    features.put("sessions_7d", 2.0);
    features.put("failed_payments", 0.0);
    features.put("days_since_active", 21.5);
    features.put("events_1d", 4.0);

    ChurnScorer.Score score = scorer.score("app", features).orElseThrow();

    assertThat(score.modelVersion()).isEqualTo("abc123");
    assertThat(score.probability()).isEqualTo((double) expected(21.5f, 2f, 0f));
    assertThat(score.probability()).isGreaterThan(0.5);
    assertThat(
            scorer
                .score(
                    "app",
                    Map.of("days_since_active", 1.0, "sessions_7d", 15.0, "failed_payments", 0.0))
                .orElseThrow()
                .probability())
        .isEqualTo((double) expected(1f, 15f, 0f))
        .isLessThan(0.5);
  }

  @Test
  void aFeatureTheProfileLacksIsMissingForTheModel() throws Exception {
    XgboostChurnScorer scorer = XgboostChurnScorer.load(dir);

    double p = scorer.score("app", Map.of("days_since_active", 21.5)).orElseThrow().probability();

    assertThat(p).isEqualTo((double) expected(21.5f, Float.NaN, Float.NaN));
  }

  @Test
  void aDirectoryWithoutAModelVersionIsRejected(@TempDir Path other) throws Exception {
    Files.copy(dir.resolve(ModelExport.MODEL_FILE), other.resolve("model.bst"));
    Files.write(other.resolve(ModelExport.FEATURES_FILE), Json.encode(FEATURES));
    Files.write(other.resolve(ModelExport.METADATA_FILE), Json.encode(Map.of()));

    assertThatThrownBy(() -> XgboostChurnScorer.load(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }
}
