package dev.userwhisperer.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown model card of a CDNOW run. */
public final class ModelCard {
  private ModelCard() {}

  public static void write(
      Path file, CdnowBenchmark.Result result, TrainingConfig config, Clock clock) {
    try {
      Files.writeString(file, render(result, config, clock));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The headline table: one row per model, the metrics as columns. */
  public static String resultsTable(List<Evaluation> evaluations) {
    StringBuilder s = new StringBuilder();
    s.append("| model | ROC AUC | PR AUC | Brier | lift, top decile |\n");
    s.append("|---|---:|---:|---:|---:|\n");
    for (Evaluation e : evaluations) {
      s.append(
          f(
              "| %s | %.3f | %.3f | %.3f | %.2f |\n",
              e.model(), e.rocAuc(), e.prAuc(), e.brier(), e.liftTopDecile()));
    }
    return s.toString();
  }

  static String render(CdnowBenchmark.Result r, TrainingConfig config, Clock clock) {
    Evaluation ours = r.xgboost();
    List<Evaluation> all = List.of(ours, r.bgNbd(), r.bgNbdNoPurchase());
    StringBuilder s = new StringBuilder();
    s.append("# Model card: churn-cdnow ").append(r.modelVersion()).append("\n\n");
    s.append("Generated ")
        .append(clock.instant())
        .append(" by `vertex-models` (`cdnow` command).\n\n");
    s.append("## Model\n\n");
    s.append("Gradient-boosted trees (xgboost4j 3.4.0, `binary:logistic`), predicting the ")
        .append("probability that a customer makes **no purchase in the next 39 weeks**. ")
        .append(
            f(
                "%d boosting rounds, chosen by early stopping on validation log loss (%.4f).%n%n",
                r.model().rounds(), r.model().validationLogLoss()));
    s.append("Parameters: `")
        .append(config.xgboostParameters())
        .append("`, early stopping patience ")
        .append(config.earlyStoppingRounds())
        .append(" rounds, validation share ")
        .append(config.validationFraction())
        .append(".\n\n");
    s.append("## Data\n\n");
    s.append(
            "CDNOW purchase log (23,570 customers of the 1997 Q1 cohort, 1997-01-01..1998-06-30). ")
        .append("Features as of 1997-09-30 from purchases up to that day only; label from ")
        .append("1997-10-01..1998-06-30 (39 weeks), as in Fader, Hardie & Lee (2005). ")
        .append("Purchases on one day count as one occasion.\n\n");
    s.append(
        f(
            "- training: %d customers outside the 1/10 sample, churn rate %.3f (%d fit, %d"
                + " validation)%n",
            r.trainingCustomers(),
            r.trainingChurnRate(),
            r.model().trainRows(),
            r.model().validationRows()));
    s.append(
        f(
            "- evaluation: the %d customers of the 1/10 sample, churn rate %.3f%n%n",
            ours.rows(), ours.positiveRate()));
    s.append("Features (`features.json`, in order): `")
        .append(String.join("`, `", CustomerFeatures.NAMES))
        .append("`.\n\n");
    s.append("## Results on the held-out sample\n\n");
    s.append(resultsTable(all)).append('\n');
    s.append("Baselines: BG/NBD with the published parameters (r = 0.243, α = 4.414, a = 0.793, ")
        .append(
            "b = 2.426), fitted by the authors on the sample's calibration period, i.e. on the ")
        .append("evaluation customers' features (never their labels). Two churn scores from it: ")
        .append("1 − P(alive), and P(no purchase in the 39 holdout weeks) = 1 − P(alive) + ")
        .append("P(alive)·((α+T)/(α+T+39))^(r+x), which matches the label. 1 − P(alive) is 0 for ")
        .append("every one-time buyer (x = 0: BG/NBD lets customers drop out only after a repeat ")
        .append("purchase), yet one-time buyers are the likeliest to churn; that is why it ranks ")
        .append("worse than chance here.\n\n");
    var gain = r.aucGainOverBgNbd();
    s.append(
        f(
            "ROC AUC of XGBoost minus BG/NBD P(no purchase): %+.3f, 95%% paired bootstrap "
                + "interval [%+.3f, %+.3f] (1000 resamples of the held-out customers).%n%n",
            gain.estimate(), gain.lower(), gain.upper()));
    var expected = r.bgNbdExpected();
    s.append(
        f(
            "BG/NBD expected purchase occasions in the holdout: %.0f predicted vs %d actual "
                + "(mean absolute error per customer %.3f).%n%n",
            expected.expectedTotal(), expected.actualTotal(), expected.meanAbsoluteError()));
    s.append("![ROC](roc.png) ![Calibration](calibration.png)\n\n");
    s.append("### Calibration (10 equal-width bins: n, mean predicted, observed churn)\n\n");
    s.append(calibrationTable(all)).append('\n');
    s.append("### Feature importance (total gain)\n\n| feature | total gain |\n|---|---:|\n");
    r.featureGain().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> s.append(f("| %s | %.1f |%n", e.getKey(), e.getValue())));
    s.append("\n## Intended use and limits\n\n")
        .append("A benchmark of the training pipeline on public, real purchase data, and the ")
        .append("artifact layout Vertex AI serves. Not a model of any app's users: CDNOW is one ")
        .append("1997 cohort of a music retailer, with no engagement events, and churn here means ")
        .append("\"no purchase for 39 weeks\", which also counts customers who buy rarely.\n\n");
    s.append("## Files\n\n")
        .append(
            "- `model.bst`: booster in XGBoost UBJSON, loadable by Vertex AI's prebuilt XGBoost"
                + " container and xgboost4j\n")
        .append("- `features.json`: feature order of each instance (missing = NaN)\n")
        .append("- `model-metadata.json`: version, data, parameters, metrics\n")
        .append("- `roc.png`, `calibration.png`\n");
    return s.toString();
  }

  static String calibrationTable(List<Evaluation> evaluations) {
    StringBuilder s = new StringBuilder("| bin |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Evaluation e : evaluations) {
      s.append(" ").append(e.model()).append(" n | predicted | observed |");
      rule.append("---:|---:|---:|");
    }
    s.append('\n').append(rule).append('\n');
    int bins = evaluations.get(0).calibration().size();
    for (int i = 0; i < bins; i++) {
      var first = evaluations.get(0).calibration().get(i);
      s.append(f("| %.1f–%.1f |", first.lower(), first.upper()));
      for (Evaluation e : evaluations) {
        var bin = e.calibration().get(i);
        s.append(
            f(" %d | %s | %s |", bin.count(), num(bin.meanPredicted()), num(bin.observedRate())));
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "–" : f("%.3f", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
