package dev.userwhisperer.models.uplift;

import dev.userwhisperer.models.Progress;
import dev.userwhisperer.models.TrainingConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains an uplift model on a randomized campaign export, evaluates it on a seeded random share of
 * the rows it never saw, and writes the model directory with its card and Qini chart. The saved
 * model is the evaluated one (trained on the other rows only), so the card's numbers are its own.
 */
public final class UpliftTraining {
  private final UpliftTrainer trainer;
  private final Progress progress;
  private final Clock clock;

  public UpliftTraining(UpliftTrainer trainer, Progress progress, Clock clock) {
    this.trainer = trainer;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * @param features the columns to learn from; empty: every column but treatment, outcome and
   *     propensity
   * @param holdout the share of rows held out for evaluation, in (0, 1)
   * @param resamples bootstrap resamples for the metrics' intervals (0: none)
   */
  public record Settings(
      String treatment,
      String outcome,
      Optional<String> propensity,
      Optional<List<String>> features,
      UpliftLearner learner,
      double holdout,
      int resamples) {
    public Settings {
      if (!(holdout > 0 && holdout < 1)) {
        throw new IllegalArgumentException("holdout must be in (0, 1), got " + holdout);
      }
      if (resamples < 0) {
        throw new IllegalArgumentException("resamples must not be negative");
      }
    }
  }

  /** What a run produced. */
  public record Result(
      String version,
      UpliftModel model,
      FeatureEncoding encoding,
      UpliftData training,
      UpliftMetrics.Evaluation evaluation) {}

  /**
   * @throws InvalidCampaignException when the table cannot be learned from (see {@link
   *     UpliftData#from} and {@link FeatureEncoding#fit})
   */
  public Result run(CampaignTable table, Settings settings, Path output) throws XGBoostError {
    List<String> columns = featureColumns(table, settings);
    FeatureEncoding encoding = FeatureEncoding.fit(table, columns);
    UpliftData data =
        UpliftData.from(
            table, encoding, settings.treatment(), settings.outcome(), settings.propensity());
    Split split = split(data, settings.holdout(), trainer.config().seed());
    UpliftModel model =
        trainer.train(settings.learner(), split.training(), encoding.names(), progress);
    progress.start("evaluation", 1);
    UpliftMetrics.Evaluation evaluation =
        UpliftMetrics.evaluate(
            settings.learner().id(),
            model.score(split.heldOut().features()),
            split.heldOut(),
            settings.resamples(),
            trainer.config().seed());
    progress.done(settings.resamples() + " bootstrap resamples of " + split.heldOut().size());
    String version =
        UpliftModelFiles.write(
            output, model, encoding, metadata(table, settings, data, split, evaluation));
    Result result = new Result(version, model, encoding, split.training(), evaluation);
    UpliftReport.writeCard(output, table, settings, result, trainer.config(), clock);
    return result;
  }

  /** Training and held-out rows, and the held-out rows' positions in the data. */
  record Split(UpliftData training, UpliftData heldOut, int[] heldOutRows) {}

  static Split split(UpliftData data, double holdout, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> training = new ArrayList<>();
    List<Integer> heldOut = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      (random.nextDouble() < holdout ? heldOut : training).add(i);
    }
    int[] heldOutRows = heldOut.stream().mapToInt(Integer::intValue).toArray();
    return new Split(
        data.rows(training.stream().mapToInt(Integer::intValue).toArray()),
        data.rows(heldOutRows),
        heldOutRows);
  }

  private static List<String> featureColumns(CampaignTable table, Settings settings) {
    List<String> roles = new ArrayList<>(List.of(settings.treatment(), settings.outcome()));
    settings.propensity().ifPresent(roles::add);
    if (Set.copyOf(roles).size() != roles.size()) {
      throw new InvalidCampaignException(
          "treatment, outcome and propensity must be different columns, got " + roles);
    }
    if (settings.features().isPresent()) {
      List<String> features = settings.features().get();
      if (Set.copyOf(features).size() != features.size()) {
        throw new InvalidCampaignException("--features lists a column twice: " + features);
      }
      for (String column : features) {
        table.column(column);
        if (roles.contains(column)) {
          throw new InvalidCampaignException(
              "column '" + column + "' is the treatment, outcome or propensity, not a feature");
        }
      }
      return settings.features().get();
    }
    return table.header().stream().filter(c -> !roles.contains(c)).toList();
  }

  /**
   * The boosters' shared parameters; the objective is per booster (μ: {@code binary:logistic}, τ:
   * {@code reg:squarederror}).
   */
  static Map<String, Object> parameters(TrainingConfig config) {
    Map<String, Object> parameters = new LinkedHashMap<>(config.xgboostParameters());
    parameters.remove("objective");
    parameters.remove("eval_metric");
    parameters.remove("base_score");
    parameters.put("max_rounds", config.maxRounds());
    parameters.put("early_stopping_rounds", config.earlyStoppingRounds());
    parameters.put("validation_fraction", config.validationFraction());
    return parameters;
  }

  private Map<String, Object> metadata(
      CampaignTable table,
      Settings settings,
      UpliftData data,
      Split split,
      UpliftMetrics.Evaluation evaluation) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trained_at", clock.instant().toString());
    m.put("treatment_column", settings.treatment());
    m.put("outcome_column", settings.outcome());
    Map<String, Object> propensity = new LinkedHashMap<>();
    propensity.put("source", data.propensitySource());
    propensity.put("mean", data.meanPropensity());
    m.put("propensity", propensity);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("source", Path.of(table.source()).getFileName().toString());
    training.put("rows", data.size());
    training.put("training_rows", split.training().size());
    training.put("training_treated", split.training().treatedCount());
    training.put("held_out_rows", split.heldOut().size());
    training.put("held_out_share", settings.holdout());
    m.put("training", training);
    m.put("parameters", parameters(trainer.config()));
    m.put("held_out_metrics", UpliftMetrics.manifestEntry(evaluation, split.heldOut()));
    return m;
  }
}
