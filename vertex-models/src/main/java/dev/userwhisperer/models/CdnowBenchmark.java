package dev.userwhisperer.models;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The real-data benchmark: CDNOW split as in Fader, Hardie and Lee (2005). Features as of the end
 * of the 39-week calibration period (1997-09-30), label churned = no purchase in the following 39
 * weeks. The model trains on the customers outside the literature's 1/10 sample and is evaluated on
 * the sample, next to the BG/NBD baseline with the parameters published for that sample.
 */
public final class CdnowBenchmark {
  public static final Instant CUTOFF = Instant.parse("1997-09-30T00:00:00Z");
  public static final Duration HOLDOUT = Duration.ofDays(39 * 7);
  static final double HOLDOUT_WEEKS = 39;
  private static final int BOOTSTRAP_RESAMPLES = 1000;

  private final TrainingConfig config;
  private final Progress progress;
  private final Clock clock;

  public CdnowBenchmark(TrainingConfig config, Progress progress, Clock clock) {
    this.config = config;
    this.progress = progress;
    this.clock = clock;
  }

  /** Aggregate check of BG/NBD's conditional expectation on the evaluation customers. */
  public record ExpectedPurchases(
      double expectedTotal, int actualTotal, double meanAbsoluteError) {}

  /** Everything a run produced; the files are in {@code outputDirectory}. */
  public record Result(
      Path outputDirectory,
      String modelVersion,
      int trainingCustomers,
      double trainingChurnRate,
      ChurnTrainer.TrainedModel model,
      Evaluation xgboost,
      Evaluation bgNbd,
      Evaluation bgNbdNoPurchase,
      ExpectedPurchases bgNbdExpected,
      PairedBootstrap.Interval aucGainOverBgNbd,
      Map<String, Double> featureGain) {}

  public Result run(CdnowData data, Path outputDirectory) throws XGBoostError {
    List<LabeledCustomer> rows = new TrainingSetBuilder(HOLDOUT).build(data.purchases(), CUTOFF);
    List<LabeledCustomer> training = new ArrayList<>();
    List<LabeledCustomer> evaluation = new ArrayList<>();
    for (LabeledCustomer row : rows) {
      (data.sampleCustomers().contains(row.customerId()) ? evaluation : training).add(row);
    }
    if (evaluation.size() != data.sampleCustomers().size()) {
      throw new IllegalStateException(
          "sample customers without a purchase by the cutoff: "
              + (data.sampleCustomers().size() - evaluation.size()));
    }

    ChurnTrainer.TrainedModel model =
        new ChurnTrainer(config)
            .fit(training.stream().map(LabeledCustomer::example).toList(), progress);

    progress.start("evaluate", 2);
    boolean[] labels = new boolean[evaluation.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = evaluation.get(i).churned();
    }
    Baseline baseline = baseline(evaluation);
    double[] scores =
        CustomerFeatures.predict(
            model.booster(), evaluation.stream().map(LabeledCustomer::features).toList());
    progress.update(1, "bootstrap");
    PairedBootstrap.Interval gain =
        PairedBootstrap.rocAucDifference(
            scores, baseline.noPurchase(), labels, BOOTSTRAP_RESAMPLES, config.seed());
    Evaluation ours = Evaluation.of("XGBoost", scores, labels);
    Evaluation theirs = Evaluation.of("BG/NBD 1-P(alive)", baseline.oneMinusAlive(), labels);
    Evaluation theirsSilent =
        Evaluation.of("BG/NBD P(no purchase in 39 wk)", baseline.noPurchase(), labels);
    progress.done(evaluation.size() + " held-out customers");

    progress.start("export", 4);
    Map<String, Double> importance = featureGain(model);
    double trainingChurn =
        training.stream().filter(LabeledCustomer::churned).count() / (double) training.size();
    String version =
        ModelExport.write(
            outputDirectory,
            model.booster(),
            CustomerFeatures.NAMES,
            metadata(model, training.size(), trainingChurn, ours, theirs, theirsSilent, gain));
    progress.update(1, "model.bst");
    Result result =
        new Result(
            outputDirectory,
            version,
            training.size(),
            trainingChurn,
            model,
            ours,
            theirs,
            theirsSilent,
            baseline.expected(),
            gain,
            importance);
    Plots.roc(outputDirectory.resolve("roc.png"), List.of(ours, theirs, theirsSilent));
    progress.update(2, "roc.png");
    Plots.calibration(
        outputDirectory.resolve("calibration.png"), List.of(ours, theirs, theirsSilent));
    progress.update(3, "calibration.png");
    ModelCard.write(outputDirectory.resolve("MODEL_CARD.md"), result, config, clock);
    progress.done("written to " + outputDirectory);
    return result;
  }

  private record Baseline(
      double[] oneMinusAlive, double[] noPurchase, ExpectedPurchases expected) {}

  /** The BG/NBD scores of the rows, with the published parameters, over the 39-week holdout. */
  private static Baseline baseline(List<LabeledCustomer> rows) {
    BgNbd bgNbd = BgNbd.CDNOW_PUBLISHED;
    double[] oneMinusAlive = new double[rows.size()];
    double[] noPurchase = new double[rows.size()];
    double expectedTotal = 0;
    int actualTotal = 0;
    double absoluteError = 0;
    for (int i = 0; i < rows.size(); i++) {
      CustomerFeatures f = rows.get(i).features();
      int actual = rows.get(i).horizonOccasions();
      oneMinusAlive[i] = 1 - bgNbd.probabilityAlive(f.frequency(), f.recencyWeeks(), f.ageWeeks());
      noPurchase[i] =
          bgNbd.probabilityNoPurchase(HOLDOUT_WEEKS, f.frequency(), f.recencyWeeks(), f.ageWeeks());
      double expected =
          bgNbd.expectedPurchases(HOLDOUT_WEEKS, f.frequency(), f.recencyWeeks(), f.ageWeeks());
      expectedTotal += expected;
      actualTotal += actual;
      absoluteError += Math.abs(expected - actual);
    }
    return new Baseline(
        oneMinusAlive,
        noPurchase,
        new ExpectedPurchases(expectedTotal, actualTotal, absoluteError / rows.size()));
  }

  private Map<String, Object> metadata(
      ChurnTrainer.TrainedModel model,
      int trainingCustomers,
      double trainingChurn,
      Evaluation ours,
      Evaluation theirs,
      Evaluation theirsSilent,
      PairedBootstrap.Interval gain) {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("dataset", "CDNOW master log minus the 2,357-customer sample (Fader & Hardie)");
    training.put("feature_cutoff", CUTOFF.toString());
    training.put("label", "churned = no purchase in (cutoff, cutoff + 39 weeks]");
    training.put("customers", trainingCustomers);
    training.put("churn_rate", trainingChurn);
    training.put("early_stopping_fit_rows", model.trainRows());
    training.put("early_stopping_validation_rows", model.validationRows());
    training.put("validation_logloss", model.validationLogLoss());
    training.put("rounds", model.rounds());

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "churn-cdnow");
    metadata.put("created_at", clock.instant().toString());
    metadata.put("objective", "binary:logistic");
    metadata.put("positive_class", "churned");
    metadata.put("xgboost4j", "3.4.0");
    metadata.put("features_file", ModelExport.FEATURES_FILE);
    metadata.put("missing_value", "NaN");
    metadata.put("parameters", config.xgboostParameters());
    metadata.put("training", training);
    metadata.put("evaluation_data", "CDNOW 1/10 sample, 2,357 customers, same cutoff and label");
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("xgboost", summary(ours));
    metrics.put("bg_nbd_one_minus_p_alive", summary(theirs));
    metrics.put("bg_nbd_p_no_purchase", summary(theirsSilent));
    metrics.put(
        "roc_auc_gain_over_bg_nbd_p_no_purchase",
        Map.of(
            "estimate", gain.estimate(), "ci95_lower", gain.lower(), "ci95_upper", gain.upper()));
    metadata.put("metrics", metrics);
    return metadata;
  }

  private static Map<String, Object> summary(Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("roc_auc", e.rocAuc());
    m.put("pr_auc", e.prAuc());
    m.put("brier", e.brier());
    m.put("lift_top_decile", e.liftTopDecile());
    m.put("rows", e.rows());
    m.put("churn_rate", e.positiveRate());
    return m;
  }

  private static Map<String, Double> featureGain(ChurnTrainer.TrainedModel model)
      throws XGBoostError {
    Map<String, Double> byIndex = model.booster().getScore("", "total_gain");
    Map<String, Double> byName = new LinkedHashMap<>();
    for (int i = 0; i < CustomerFeatures.NAMES.size(); i++) {
      byName.put(CustomerFeatures.NAMES.get(i), byIndex.getOrDefault("f" + i, 0.0));
    }
    return byName;
  }
}
