package dev.userwhisperer.models;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains the platform's model from the warehouse's events: point-in-time rows at one cutoff ({@link
 * PointInTimeFeatures}), users held out by a stable hash of their id, the gradient-boosted
 * classifier on the others, evaluation on the held-out users, and the export: {@code model.bst},
 * {@code features.json} (the {@code FeatureVector} names in order), {@code model-metadata.json},
 * the model card and its plots.
 */
public final class WarehouseTraining {

  /** What the model predicts. */
  public enum Target {
    /** No activity event in the horizon. */
    CHURNED,
    /** A conversion event in the horizon. */
    CONVERTED
  }

  /**
   * A run's inputs.
   *
   * @param source where the events came from, for the card and the metadata
   * @param holdoutFraction share of users, by a hash of their id, kept out of training
   */
  public record Settings(
      String source,
      Optional<String> appId,
      Instant cutoff,
      Target target,
      double holdoutFraction) {
    public Settings {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(cutoff, "cutoff");
      Objects.requireNonNull(target, "target");
      if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
        throw new IllegalArgumentException(
            "holdout fraction must be in (0, 1): " + holdoutFraction);
      }
    }
  }

  /** Everything a run produced; the files are in {@code outputDirectory}. */
  public record Result(
      Path outputDirectory,
      String modelVersion,
      String modelName,
      Settings settings,
      String label,
      long events,
      int users,
      int trainingUsers,
      double trainingPositiveRate,
      ChurnTrainer.TrainedModel model,
      Evaluation evaluation,
      List<String> featureNames,
      Map<String, Double> featureGain) {}

  private final TrainingConfig config;
  private final PointInTimeFeatures builder;
  private final Progress progress;
  private final Clock clock;

  public WarehouseTraining(
      TrainingConfig config, PointInTimeFeatures builder, Progress progress, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.builder = Objects.requireNonNull(builder, "builder");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads the events up to the end of the horizon, trains, evaluates and writes the model
   * directory.
   *
   * @throws IllegalArgumentException when the warehouse has no users by the cutoff, or a split
   *     lacks a class
   */
  public Result run(WarehouseEventSource source, Settings settings, Path outputDirectory)
      throws XGBoostError {
    progress.start("read events", 1);
    List<WarehouseEvent> events =
        source.events(settings.appId(), settings.cutoff().plus(builder.horizon()));
    progress.done(events.size() + " events to " + settings.cutoff().plus(builder.horizon()));

    progress.start("point-in-time rows", 1);
    List<PlatformExample> rows = builder.build(events, settings.cutoff());
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          "no user has an event at or before the cutoff " + settings.cutoff());
    }
    progress.done(rows.size() + " users as of " + settings.cutoff());

    List<String> names = builder.featureNames();
    List<Example> training = new ArrayList<>();
    List<Example> heldOut = new ArrayList<>();
    for (PlatformExample row : rows) {
      Example example =
          new Example(row.appId() + "/" + row.userId(), row.vector(names), positive(row, settings));
      (heldOut(row.userId(), settings.holdoutFraction()) ? heldOut : training).add(example);
    }
    if (heldOut.isEmpty()) {
      throw new IllegalArgumentException("no held-out users among " + rows.size());
    }

    ChurnTrainer.TrainedModel model = new ChurnTrainer(config).fit(training, progress);

    progress.start("evaluate", 1);
    double[] scores =
        ChurnTrainer.predictVectors(
            model.booster(), heldOut.stream().map(Example::features).toList(), names.size());
    boolean[] labels = new boolean[heldOut.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = heldOut.get(i).positive();
    }
    Evaluation evaluation = Evaluation.of("XGBoost", scores, labels);
    progress.done(heldOut.size() + " held-out users");

    progress.start("export", 4);
    String name = settings.target() == Target.CHURNED ? "platform-churn" : "platform-conversion";
    double positiveRate =
        training.stream().filter(Example::positive).count() / (double) training.size();
    String version =
        ModelExport.write(
            outputDirectory,
            model.booster(),
            names,
            metadata(
                name,
                settings,
                events.size(),
                rows.size(),
                training.size(),
                positiveRate,
                model,
                evaluation));
    progress.update(1, "model.bst");
    Result result =
        new Result(
            outputDirectory,
            version,
            name,
            settings,
            label(settings, builder),
            events.size(),
            rows.size(),
            training.size(),
            positiveRate,
            model,
            evaluation,
            names,
            featureGain(model, names));
    Plots.roc(outputDirectory.resolve("roc.png"), List.of(evaluation));
    progress.update(2, "roc.png");
    Plots.calibration(outputDirectory.resolve("calibration.png"), List.of(evaluation));
    progress.update(3, "calibration.png");
    PlatformModelCard.write(
        outputDirectory.resolve("MODEL_CARD.md"), result, builder.horizon(), config, clock);
    progress.done("written to " + outputDirectory);
    return result;
  }

  /**
   * Whether a user is held out: the first 8 bytes of the SHA-256 of the user id, as a fraction of
   * 2^64, below {@code fraction}. Stable across runs, machines and warehouses.
   */
  static boolean heldOut(String userId, double fraction) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
      long bits = ByteBuffer.wrap(hash).getLong() >>> 11;
      return bits / (double) (1L << 53) < fraction;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static boolean positive(PlatformExample row, Settings settings) {
    return settings.target() == Target.CHURNED ? row.churned() : row.converted();
  }

  private Map<String, Object> metadata(
      String name,
      Settings settings,
      long events,
      int users,
      int trainingUsers,
      double positiveRate,
      ChurnTrainer.TrainedModel model,
      Evaluation evaluation) {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("source", settings.source());
    training.put("app_id", settings.appId().orElse("all apps"));
    training.put("feature_cutoff", settings.cutoff().toString());
    training.put("horizon_days", builder.horizon().toDays());
    training.put("label", label(settings, builder));
    training.put("activity_types", new TreeSet<>(builder.activityTypes()));
    training.put("conversion_types", new TreeSet<>(builder.conversionTypes()));
    training.put("events_read", events);
    training.put("users", users);
    training.put(
        "holdout", "users whose SHA-256(userId) falls below " + settings.holdoutFraction());
    training.put("training_users", trainingUsers);
    training.put("positive_rate", positiveRate);
    training.put("early_stopping_fit_rows", model.trainRows());
    training.put("early_stopping_validation_rows", model.validationRows());
    training.put("validation_logloss", model.validationLogLoss());
    training.put("rounds", model.rounds());

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("created_at", clock.instant().toString());
    metadata.put("objective", "binary:logistic");
    metadata.put("positive_class", settings.target().name().toLowerCase(Locale.ROOT));
    metadata.put("xgboost4j", "3.4.0");
    metadata.put("features_file", ModelExport.FEATURES_FILE);
    metadata.put("features", "FeatureVector.of(profile, at, thresholds) of functions/core");
    metadata.put("missing_value", "NaN");
    metadata.put("parameters", config.xgboostParameters());
    metadata.put("training", training);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("roc_auc", evaluation.rocAuc());
    metrics.put("pr_auc", evaluation.prAuc());
    metrics.put("brier", evaluation.brier());
    metrics.put("lift_top_decile", evaluation.liftTopDecile());
    metrics.put("rows", evaluation.rows());
    metrics.put("positive_rate", evaluation.positiveRate());
    metadata.put("held_out_metrics", metrics);
    return metadata;
  }

  static String label(Settings settings, PointInTimeFeatures builder) {
    String window = " in (cutoff, cutoff + " + builder.horizon().toDays() + " days]";
    return settings.target() == Target.CHURNED
        ? "churned = no event of " + new TreeSet<>(builder.activityTypes()) + window
        : "converted = an event of " + new TreeSet<>(builder.conversionTypes()) + window;
  }

  private static Map<String, Double> featureGain(
      ChurnTrainer.TrainedModel model, List<String> names) throws XGBoostError {
    Map<String, Double> byIndex = model.booster().getScore("", "total_gain");
    Map<String, Double> byName = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byName.put(names.get(i), byIndex.getOrDefault("f" + i, 0.0));
    }
    return byName;
  }
}
