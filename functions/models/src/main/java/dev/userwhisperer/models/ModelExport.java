package dev.userwhisperer.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a model directory that Vertex AI's prebuilt XGBoost prediction container serves as it is,
 * and that the local scorer loads unchanged:
 *
 * <ul>
 *   <li>{@value #MODEL_FILE}: the booster, in XGBoost's UBJSON model format. The container loads a
 *       file of exactly this name; XGBoost reads an unknown extension as UBJSON (1.7.4 checked,
 *       with a warning). The booster carries no feature names, because the container builds its
 *       input matrix from bare arrays, and {@link TrainingConfig} fixes its intercept at 0.5;
 *   <li>{@value #FEATURES_FILE}: the ordered feature names each instance must follow;
 *   <li>{@value #METADATA_FILE}: version, training data, parameters and metrics.
 * </ul>
 */
public final class ModelExport {
  public static final String MODEL_FILE = "model.bst";
  public static final String FEATURES_FILE = "features.json";
  public static final String METADATA_FILE = "model-metadata.json";

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ModelExport() {}

  /**
   * Writes the three files into {@code directory}, creating it.
   *
   * @param metadata written as it is, with "version" (a hash of the model bytes) and "model_file"
   *     added
   * @return the version: the first 12 hex digits of the SHA-256 of the model file
   */
  public static String write(
      Path directory, Booster booster, List<String> featureNames, Map<String, Object> metadata)
      throws XGBoostError {
    try {
      Files.createDirectories(directory);
      byte[] model = booster.toByteArray("ubj");
      Files.write(directory.resolve(MODEL_FILE), model);
      String version = HexFormat.of().formatHex(sha256(model)).substring(0, 12);
      JSON.writeValue(directory.resolve(FEATURES_FILE).toFile(), featureNames);
      Map<String, Object> withVersion = new LinkedHashMap<>();
      withVersion.put("version", version);
      withVersion.put("model_file", MODEL_FILE);
      withVersion.put("model_format", "xgboost-ubjson");
      withVersion.putAll(metadata);
      JSON.writeValue(directory.resolve(METADATA_FILE).toFile(), withVersion);
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the booster written by {@link #write}. */
  public static Booster load(Path directory) throws XGBoostError {
    return XGBoost.loadModel(directory.resolve(MODEL_FILE).toString());
  }

  /** The feature names written by {@link #write}, in column order. */
  public static List<String> featureNames(Path directory) {
    return List.of(JSON.readValue(directory.resolve(FEATURES_FILE).toFile(), String[].class));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
