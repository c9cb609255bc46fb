package dev.userwhisperer.models.uplift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An uplift model directory: one booster per role ({@code <role>.ubj}, XGBoost UBJSON) and the
 * manifest {@value #MANIFEST_FILE}, which says everything a scorer needs to load it unchanged:
 *
 * <pre>{@code
 * { "format": "user-whisperer-uplift", "format_version": 1, "version": "<12 hex>",
 *   "learner": "x-learner", "score": "g * tau0(x) + (1 - g) * tau1(x)", "treated_weight": 0.5,
 *   "boosters": { "tau0": "tau0.ubj", "tau1": "tau1.ubj" },
 *   "features": [ {"name": "age", "column": "age"},
 *                 {"name": "channel=web", "column": "channel", "level": "web"} ],
 *   ...training data, parameters and held-out metrics... }
 * }</pre>
 *
 * Each booster takes the features in the manifest's order (NaN = missing) and answers a probability
 * (μ) or an effect (τ); the version is the first 12 hex digits of the SHA-256 of the booster files
 * and the feature list.
 */
public final class UpliftModelFiles {
  public static final String MANIFEST_FILE = "uplift-model.json";
  public static final String FORMAT = "user-whisperer-uplift";
  public static final int FORMAT_VERSION = 1;

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private UpliftModelFiles() {}

  /**
   * Writes the boosters and the manifest into {@code directory}, creating it.
   *
   * @param metadata added to the manifest as it is
   * @return the version
   */
  public static String write(
      Path directory, UpliftModel model, FeatureEncoding encoding, Map<String, Object> metadata)
      throws XGBoostError {
    try {
      Files.createDirectories(directory);
      MessageDigest digest = sha256();
      Map<String, String> files = new LinkedHashMap<>();
      for (Map.Entry<String, Booster> booster : model.boosters().entrySet()) {
        byte[] bytes = booster.getValue().toByteArray("ubj");
        String file = booster.getKey() + ".ubj";
        Files.write(directory.resolve(file), bytes);
        digest.update(bytes);
        files.put(booster.getKey(), file);
      }
      List<Map<String, String>> features = new ArrayList<>();
      for (FeatureEncoding.Feature f : encoding.features()) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("name", f.name());
        entry.put("column", f.column());
        if (f.oneHot()) {
          entry.put("level", f.level());
        }
        features.add(entry);
      }
      digest.update(JSON.writeValueAsString(features).getBytes(StandardCharsets.UTF_8));
      String version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("format", FORMAT);
      manifest.put("format_version", FORMAT_VERSION);
      manifest.put("version", version);
      manifest.put("learner", model.learner().id());
      manifest.put("score", model.learner().formula());
      manifest.put("treated_weight", model.treatedWeight());
      manifest.put("boosters", files);
      manifest.put("features", features);
      manifest.putAll(metadata);
      JSON.writeValue(directory.resolve(MANIFEST_FILE).toFile(), manifest);
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads a directory written by {@link #write}, each booster predicting on one thread.
   *
   * @throws InvalidCampaignException when there is no manifest, or it is of another format
   */
  public static UpliftScorer load(Path directory) throws XGBoostError {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(Files.readAllBytes(directory.resolve(MANIFEST_FILE)));
    } catch (NoSuchFileException e) {
      throw new InvalidCampaignException(
          "no uplift model in " + directory + ": " + MANIFEST_FILE + " not found");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!FORMAT.equals(manifest.path("format").asString(""))
        || manifest.path("format_version").asInt(0) != FORMAT_VERSION) {
      throw new InvalidCampaignException(
          directory.resolve(MANIFEST_FILE) + " is not a " + FORMAT + " v" + FORMAT_VERSION);
    }
    List<FeatureEncoding.Feature> features = new ArrayList<>();
    for (JsonNode f : manifest.get("features")) {
      features.add(
          new FeatureEncoding.Feature(
              f.get("name").asString(),
              f.get("column").asString(),
              f.has("level") ? f.get("level").asString() : null));
    }
    FeatureEncoding encoding = new FeatureEncoding(features);
    Map<String, Booster> boosters = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : manifest.get("boosters").properties()) {
      Booster booster =
          XGBoost.loadModel(directory.resolve(entry.getValue().asString()).toString());
      // a loaded booster predicts on every core; OpenMP's spin-waiting then makes a one-row score's
      // p99 ~150 ms instead of ~2.5 ms on two shared cores (measured at load average 14)
      booster.setParam("nthread", 1);
      boosters.put(entry.getKey(), booster);
    }
    UpliftModel model =
        new UpliftModel(
            UpliftLearner.parse(manifest.get("learner").asString()),
            boosters,
            manifest.get("treated_weight").asDouble(),
            encoding.names());
    return new UpliftScorer(model, encoding, manifest.get("version").asString());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
