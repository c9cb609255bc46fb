package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.core.port.TreatmentEffectModels.Prediction;
import dev.userwhisperer.models.uplift.UpliftCalibration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.JsonNode;

/**
 * One uplift model directory as vertex-models' {@code uplift train} writes it: the manifest {@value
 * #MANIFEST_FILE} (format {@value #FORMAT} v{@value #FORMAT_VERSION}) and one UBJSON booster per
 * role, scored in-process. The learner says how the boosters combine into the effect: T {@code
 * mu1(x) − mu0(x)}, X {@code g·tau0(x) + (1 − g)·tau1(x)}, DR {@code tau(x)}. Each feature of the
 * manifest is read from the features by its {@code column}; a feature the map lacks is missing
 * (NaN). A one-hot feature (a {@code level}) cannot be fed from numeric features and is refused at
 * load.
 *
 * <p>Boosters predict on one thread: a loaded booster otherwise uses every core, and OpenMP's
 * spin-waiting on two shared cores puts a one-row score's p99 near 150 ms instead of about 1 ms.
 * Scoring is serialised per model, since a booster is not documented as safe to share between
 * threads; at about a millisecond a score, that is not where decide waits.
 */
final class XgboostEffectModel implements EffectModel {
  static final String MANIFEST_FILE = "uplift-model.json";
  static final String FORMAT = "user-whisperer-uplift";
  static final int FORMAT_VERSION = 1;

  /**
   * The manifest's optional calibration ({@link UpliftCalibration#manifestEntry}): with it a
   * prediction is its score's bin; without it (a version trained before calibration, or written by
   * {@code uplift train}) the score itself, with no standard error.
   */
  static final String CALIBRATION = "calibration";

  private enum Learner {
    T,
    X,
    DR
  }

  private final String version;
  private final Learner learner;
  private final Map<String, Booster> boosters;
  private final double treatedWeight;
  private final List<String> columns;
  private final UpliftCalibration calibration;

  private XgboostEffectModel(
      String version,
      Learner learner,
      Map<String, Booster> boosters,
      double treatedWeight,
      List<String> columns,
      UpliftCalibration calibration) {
    this.version = version;
    this.learner = learner;
    this.boosters = Map.copyOf(boosters);
    this.treatedWeight = treatedWeight;
    this.columns = List.copyOf(columns);
    this.calibration = calibration;
  }

  /**
   * Loads the model in {@code directory}.
   *
   * @throws InvalidModelException when the manifest is missing, of another format, or names a
   *     learner, a booster or a feature this scorer cannot use
   */
  static XgboostEffectModel load(Path directory) {
    Path manifestFile = directory.resolve(MANIFEST_FILE);
    JsonNode manifest;
    try {
      manifest = Json.tree(Files.readAllBytes(manifestFile));
    } catch (NoSuchFileException e) {
      throw new InvalidModelException("no " + MANIFEST_FILE + " in " + directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifestFile, e);
    }
    if (!FORMAT.equals(manifest.path("format").asString(""))
        || manifest.path("format_version").asInt(0) != FORMAT_VERSION) {
      throw new InvalidModelException(manifestFile + " is not a " + FORMAT + " v" + FORMAT_VERSION);
    }
    String version = manifest.path("version").asString("");
    if (version.isBlank()) {
      throw new InvalidModelException("no version in " + manifestFile);
    }
    Learner learner =
        switch (manifest.path("learner").asString("")) {
          case "t-learner" -> Learner.T;
          case "x-learner" -> Learner.X;
          case "dr-learner" -> Learner.DR;
          default ->
              throw new InvalidModelException(
                  "unknown learner " + manifest.path("learner") + " in " + manifestFile);
        };
    List<String> columns = new ArrayList<>();
    for (JsonNode f : manifest.path("features")) {
      if (f.has("level")) {
        throw new InvalidModelException(
            "feature "
                + f.path("name").asString()
                + " in "
                + manifestFile
                + " is one-hot; decide feeds numeric features only");
      }
      columns.add(f.path("column").asString());
    }
    List<String> roles =
        switch (learner) {
          case T -> List.of("mu0", "mu1");
          case X -> List.of("tau0", "tau1");
          case DR -> List.of("tau");
        };
    Map<String, Booster> boosters = new HashMap<>();
    for (String role : roles) {
      String file = manifest.path("boosters").path(role).asString("");
      if (file.isBlank() || file.contains("/") || file.contains("\\")) {
        throw new InvalidModelException("no booster file for " + role + " in " + manifestFile);
      }
      try {
        Booster booster = XGBoost.loadModel(directory.resolve(file).toString());
        booster.setParam("nthread", 1);
        boosters.put(role, booster);
      } catch (XGBoostError e) {
        throw new InvalidModelException("cannot load " + directory.resolve(file) + ": " + e);
      }
    }
    double g = manifest.path("treated_weight").asDouble(0.5);
    if (!(g >= 0 && g <= 1)) {
      throw new InvalidModelException("treated_weight must be within [0, 1] in " + manifestFile);
    }
    UpliftCalibration calibration = null;
    if (manifest.has(CALIBRATION)) {
      try {
        calibration = UpliftCalibration.fromManifest(manifest.get(CALIBRATION));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("invalid calibration in " + manifestFile + ": " + e);
      }
    }
    return new XgboostEffectModel(version, learner, boosters, g, columns, calibration);
  }

  @Override
  public String version() {
    return version;
  }

  /** The manifest's feature columns, in order. */
  List<String> columns() {
    return columns;
  }

  /**
   * The score's calibrated bin: its calibrated uplift and standard error; the score alone when the
   * model has no calibration or cannot score the user.
   */
  @Override
  public Prediction predict(Map<String, Double> features) {
    double score = effect(features);
    if (calibration == null || Double.isNaN(score)) {
      return new Prediction(score, score, Double.NaN);
    }
    UpliftCalibration.Bin bin = calibration.binOf(score);
    return new Prediction(score, bin.calibrated(), bin.calibratedStandardError());
  }

  @Override
  public double effect(Map<String, Double> features) {
    float[] row = new float[columns.size()];
    for (int i = 0; i < row.length; i++) {
      Double value = features.get(columns.get(i));
      row[i] = value == null ? Float.NaN : value.floatValue();
    }
    try {
      synchronized (this) {
        return switch (learner) {
          case T -> predict("mu1", row) - predict("mu0", row);
          case X ->
              treatedWeight * predict("tau0", row) + (1 - treatedWeight) * predict("tau1", row);
          case DR -> predict("tau", row);
        };
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("uplift model " + version + " failed to predict", e);
    }
  }

  /**
   * One row predicted in place, without a DMatrix: building one per row cost about half the score
   * (its construction runs on the library's default thread pool, not the booster's one thread).
   */
  private double predict(String role, float[] row) throws XGBoostError {
    return Objects.requireNonNull(boosters.get(role))
        .inplace_predict(row, 1, row.length, Float.NaN)[0][0];
  }
}
