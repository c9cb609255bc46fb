package dev.userwhisperer.models.uplift;

import dev.userwhisperer.models.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Every learner against random targeting and the oracle (the true effect as the score) on a {@link
 * SyntheticCampaign}'s held-out rows, with how often each learner gets the sign of a large effect
 * right.
 */
public final class SyntheticComparison {
  /** An effect of at least this share of the campaign's E counts as large for sign recovery. */
  public static final double LARGE_SHARE = 2.0 / 3;

  private final UpliftTrainer trainer;
  private final Progress progress;

  public SyntheticComparison(UpliftTrainer trainer, Progress progress) {
    this.trainer = trainer;
    this.progress = progress;
  }

  /**
   * @param signRecovery per learner, the share of held-out rows with |true effect| ≥ {@value
   *     #LARGE_SHARE} × E (0.2 for the default E = 0.3) whose score has the true effect's sign
   * @param evaluations the learners', then random scores', then the oracle's
   */
  public record Result(
      SyntheticCampaign campaign,
      int trainingRows,
      int heldOutRows,
      Map<UpliftLearner, Double> signRecovery,
      List<UpliftMetrics.Evaluation> evaluations) {}

  public Result run(
      SyntheticCampaign campaign, double holdout, int resamples, Optional<Path> output)
      throws XGBoostError {
    long seed = trainer.config().seed();
    FeatureEncoding encoding = campaign.encoding();
    UpliftData data = campaign.data(encoding);
    UpliftTraining.Split split = UpliftTraining.split(data, holdout, seed);
    double[] truth = new double[split.heldOutRows().length];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = campaign.trueEffect()[split.heldOutRows()[i]];
    }
    Map<UpliftLearner, Double> signs = new LinkedHashMap<>();
    List<UpliftMetrics.Evaluation> evaluations = new ArrayList<>();
    for (UpliftLearner learner : UpliftLearner.values()) {
      UpliftModel model = trainer.train(learner, split.training(), encoding.names(), progress);
      double[] scores = model.score(split.heldOut().features());
      signs.put(learner, signRecovery(scores, truth, LARGE_SHARE * campaign.effect()));
      evaluations.add(
          UpliftMetrics.evaluate(learner.id(), scores, split.heldOut(), resamples, seed));
      model.boosters().values().forEach(Booster::dispose);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] randomScores = new double[truth.length];
    for (int i = 0; i < randomScores.length; i++) {
      randomScores[i] = random.nextDouble();
    }
    evaluations.add(
        UpliftMetrics.evaluate("random scores", randomScores, split.heldOut(), resamples, seed));
    evaluations.add(
        UpliftMetrics.evaluate("oracle (true effect)", truth, split.heldOut(), resamples, seed));
    Result result =
        new Result(campaign, split.training().size(), split.heldOut().size(), signs, evaluations);
    if (output.isPresent()) {
      write(output.get(), result, resamples);
    }
    return result;
  }

  /** Share of rows with a true effect of at least {@code threshold} whose score has its sign. */
  public static double signRecovery(double[] scores, double[] truth, double threshold) {
    int large = 0;
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      if (threshold > 0 && Math.abs(truth[i]) >= threshold) {
        large++;
        right += Math.signum(scores[i]) == Math.signum(truth[i]) ? 1 : 0;
      }
    }
    return large == 0 ? Double.NaN : (double) right / large;
  }

  /** The comparison as Markdown: sign recovery, then the metrics table. */
  public static String summary(Result r) {
    StringBuilder s = new StringBuilder();
    s.append(
        UpliftReport.f(
            "%s: %d rows trained on, %d held out; average true effect %+.4f%n%n",
            r.campaign().table().source(),
            r.trainingRows(),
            r.heldOutRows(),
            mean(r.campaign().trueEffect())));
    s.append("| learner | sign right where |true effect| >= ")
        .append(UpliftReport.f("%.2f", LARGE_SHARE * r.campaign().effect()))
        .append(" |\n|---|---:|\n");
    r.signRecovery()
        .forEach((l, v) -> s.append(UpliftReport.f("| %s | %.1f %% |%n", l.id(), 100 * v)));
    s.append('\n').append(UpliftReport.resultsTable(r.evaluations()));
    return s.toString();
  }

  private static void write(Path directory, Result result, int resamples) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    result.campaign().writeCsv(directory.resolve("campaign.csv"));
    UpliftReport.qiniChart(directory.resolve(UpliftReport.QINI_FILE), result.evaluations());
    UpliftReport.write(
        directory.resolve("COMPARISON.md"),
        "# Uplift learners on a synthetic campaign with a known effect\n\n"
            + summary(result)
            + "\nIntervals: 95 % percentile bootstrap, "
            + resamples
            + " resamples of the held-out rows.\n\n"
            + UpliftReport.metricNotes()
            + "![Qini](qini.png)\n");
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
