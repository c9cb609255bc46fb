package dev.userwhisperer.bench;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.models.ModelExport;
import dev.userwhisperer.models.churn.XgboostChurnScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One churn score with the in-process XGBoost scorer: a model of 100 trees of depth 6 over every
 * {@link FeatureVector} feature, trained on random rows and exported as {@code ModelExport} does,
 * scoring a profile's feature vector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChurnScoreBenchmark {
  private ChurnScorer scorer;
  private Map<String, Double> features;

  @Setup
  public void setUp() throws Exception {
    Instant at = Instant.parse("2026-01-05T12:00:00Z");
    features = FeatureVector.of(Profile.empty("app1", "u1"), at, LifecycleThresholds.DEFAULTS);
    List<String> names = new ArrayList<>(features.keySet());
    Random random = new Random(1);
    int rows = 2_000;
    float[] data = new float[rows * names.size()];
    float[] labels = new float[rows];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() * 30;
    }
    for (int r = 0; r < rows; r++) {
      labels[r] = data[r * names.size()] + data[r * names.size() + 1] > 30 ? 1 : 0;
    }
    DMatrix train = new DMatrix(data, rows, names.size(), Float.NaN);
    train.setLabel(labels);
    Booster booster =
        XGBoost.train(
            train,
            Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.1),
            100,
            Map.of(),
            null,
            null);
    Path dir = Files.createTempDirectory("churn-model");
    Files.write(dir.resolve(ModelExport.MODEL_FILE), booster.toByteArray("ubj"));
    Files.write(dir.resolve(ModelExport.FEATURES_FILE), Json.encode(names));
    Files.write(dir.resolve(ModelExport.METADATA_FILE), Json.encode(Map.of("version", "bench")));
    scorer = XgboostChurnScorer.load(dir);
  }

  @Benchmark
  public Optional<ChurnScorer.Score> scoreOneProfile() {
    return scorer.score("app", features);
  }
}
