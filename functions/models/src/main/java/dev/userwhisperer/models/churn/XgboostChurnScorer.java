package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.models.ModelExport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.JsonNode;

/**
 * Scores churn in-process with a model directory as {@link ModelExport} writes it (the learn job,
 * or vertex-models' command line): {@value ModelExport#MODEL_FILE} (the booster), {@value
 * ModelExport#FEATURES_FILE} (the ordered feature names) and {@value ModelExport#METADATA_FILE}
 * (whose {@code version} is the model version). A feature the profile does not have is NaN, which
 * XGBoost treats as missing.
 */
public final class XgboostChurnScorer implements ChurnScorer {
  private final Booster booster;
  private final List<String> featureNames;
  private final String version;

  XgboostChurnScorer(Booster booster, List<String> featureNames, String version) {
    this.booster = Objects.requireNonNull(booster, "booster");
    this.featureNames = List.copyOf(featureNames);
    this.version = Objects.requireNonNull(version, "version");
  }

  /** Loads the three files of {@code directory}. */
  public static XgboostChurnScorer load(Path directory) {
    return load(name -> Files.readAllBytes(directory.resolve(name)), directory.toString());
  }

  /**
   * Loads the three files from the class path, under {@code location} (a resource path ending in
   * {@code /}), so that a model bundled in a jar loads as well as one in a directory.
   *
   * @throws IllegalArgumentException when a file is not on the class path
   */
  public static XgboostChurnScorer loadResource(String location, ClassLoader classLoader) {
    return load(
        name -> {
          try (InputStream in = classLoader.getResourceAsStream(location + name)) {
            if (in == null) {
              throw new IllegalArgumentException("no " + location + name + " on the class path");
            }
            return in.readAllBytes();
          }
        },
        "classpath:" + location);
  }

  /** Reads one file of a model by its name. */
  private interface ModelFiles {
    byte[] read(String name) throws IOException;
  }

  private static XgboostChurnScorer load(ModelFiles files, String where) {
    try {
      List<String> names =
          List.of(Json.decode(files.read(ModelExport.FEATURES_FILE), String[].class));
      JsonNode metadata = Json.tree(files.read(ModelExport.METADATA_FILE));
      JsonNode version = metadata.get("version");
      if (version == null || !version.isString()) {
        throw new IllegalArgumentException(
            "no version in " + where + "/" + ModelExport.METADATA_FILE);
      }
      Booster booster =
          XGBoost.loadModel(new ByteArrayInputStream(files.read(ModelExport.MODEL_FILE)));
      // a loaded booster predicts on every core, and OpenMP's spin-waiting on shared cores puts a
      // one-row score's p99 near 150 ms; on one thread it is about a millisecond
      booster.setParam("nthread", 1);
      return new XgboostChurnScorer(booster, names, version.asString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the churn model in " + where, e);
    } catch (XGBoostError e) {
      throw new IllegalArgumentException("cannot load the churn model in " + where, e);
    }
  }

  /** The model's feature names, in column order. */
  public List<String> featureNames() {
    return featureNames;
  }

  public String version() {
    return version;
  }

  @Override
  public Optional<Score> score(String appId, Map<String, Double> features) {
    return score(features);
  }

  /** Scores one feature vector with this model, whatever the app. */
  public Optional<Score> score(Map<String, Double> features) {
    float[] row = new float[featureNames.size()];
    for (int i = 0; i < row.length; i++) {
      Double value = features.get(featureNames.get(i));
      row[i] = value == null ? Float.NaN : value.floatValue();
    }
    try {
      DMatrix matrix = new DMatrix(row, 1, row.length, Float.NaN);
      try {
        float p = booster.predict(matrix)[0][0];
        return Float.isFinite(p)
            ? Optional.of(new Score(Math.min(1, Math.max(0, p)), version))
            : Optional.empty();
      } finally {
        matrix.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("the churn model failed to predict", e);
    }
  }
}
