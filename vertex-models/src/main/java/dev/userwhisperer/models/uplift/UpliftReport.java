package dev.userwhisperer.models.uplift;

import dev.userwhisperer.models.Plots;
import dev.userwhisperer.models.TrainingConfig;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Uplift results as tables, a Qini chart and model cards. */
public final class UpliftReport {
  public static final String CARD_FILE = "MODEL_CARD.md";
  public static final String QINI_FILE = "qini.png";

  private UpliftReport() {}

  /**
   * One row per evaluation, and a last one for random targeting (Qini 0, AUUC ATE/2, uplift@k the
   * ATE). Effects are differences of outcome rates: 0.050 = five points.
   */
  public static String resultsTable(List<UpliftMetrics.Evaluation> evaluations) {
    StringBuilder s = new StringBuilder("| targeting by | Qini coefficient [95 % CI] | AUUC |");
    StringBuilder rule = new StringBuilder("|---|---:|---:|");
    for (int k : UpliftMetrics.TOP_PERCENTS) {
      s.append(" uplift@").append(k).append(" % |");
      rule.append("---:|");
    }
    s.append('\n').append(rule).append('\n');
    for (UpliftMetrics.Evaluation e : evaluations) {
      s.append(f("| %s | %s | %.4f |", e.model(), withInterval(e.qini()), e.auuc().value()));
      for (int k : UpliftMetrics.TOP_PERCENTS) {
        s.append(f(" %s |", withInterval(e.upliftAt().get(k))));
      }
      s.append('\n');
    }
    UpliftMetrics.Evaluation first = evaluations.get(0);
    s.append(f("| random (expected) | 0 | %.4f |", first.randomAuuc()));
    for (int ignored : UpliftMetrics.TOP_PERCENTS) {
      s.append(f(" %+.3f |", first.ate()));
    }
    return s.append('\n').toString();
  }

  /** The Qini curves of evaluations on the same rows, with the random line. */
  public static void qiniChart(Path file, List<UpliftMetrics.Evaluation> evaluations) {
    List<Plots.Series> series = new ArrayList<>();
    for (int i = 0; i < evaluations.size(); i++) {
      UpliftMetrics.Evaluation e = evaluations.get(i);
      series.add(
          new Plots.Series(
              f("%s (Qini %.4f)", e.model(), e.qini().value()),
              Plots.colorOf(i),
              e.curve().stream().map(p -> new double[] {p.share(), p.qini()}).toList(),
              false));
    }
    List<UpliftMetrics.CurvePoint> curve = evaluations.get(0).curve();
    double end = curve.get(curve.size() - 1).qini();
    series.add(
        new Plots.Series(
            "random targeting",
            Color.GRAY,
            List.of(new double[] {0, 0}, new double[] {1, end}),
            false));
    Plots.draw(
        file,
        "Qini curve, held-out rows",
        "share of rows targeted, by descending score",
        "extra outcomes per treated row",
        series,
        Plots.Range.of(series),
        false);
  }

  static void writeCard(
      Path directory,
      CampaignTable table,
      UpliftTraining.Settings settings,
      UpliftTraining.Result result,
      TrainingConfig config,
      Clock clock) {
    UpliftMetrics.Evaluation e = result.evaluation();
    qiniChart(directory.resolve(QINI_FILE), List.of(e));
    StringBuilder s = new StringBuilder();
    s.append("# Model card: uplift ").append(result.version()).append("\n\n");
    s.append("Generated ")
        .append(clock.instant())
        .append(" by `vertex-models` (`uplift train`).\n\n## Model\n\n");
    s.append(
        f(
            "Learner: **%s** on gradient-boosted trees (xgboost4j 3.4.0), estimating per row the"
                + " effect of the treatment (`%s` = 1) on the probability of the outcome (`%s` ="
                + " 1): score = `%s`, in outcome-rate points (0.05 = five points more likely when"
                + " treated).%n%n",
            result.model().learner().id(),
            settings.treatment(),
            settings.outcome(),
            result.model().learner().formula()));
    s.append("Boosters: `")
        .append(String.join("`, `", result.model().boosters().keySet()))
        .append("` (μ: `binary:logistic`, τ: `reg:squarederror`), each with rounds chosen by")
        .append(" early stopping on ")
        .append(f("%.0f %%", config.validationFraction() * 100))
        .append(" of its rows. Parameters: `")
        .append(UpliftTraining.parameters(config))
        .append("`.\n\n");
    s.append("Propensity: ").append(result.training().propensitySource()).append(".\n\n");
    s.append("## Data\n\n");
    s.append(
        f(
            "`%s`: %d rows; %d trained on (%d treated), %d held out at random (seed %d) and never"
                + " seen in training.%n%n",
            Path.of(table.source()).getFileName(),
            table.size(),
            result.training().size(),
            result.training().treatedCount(),
            e.rows(),
            config.seed()));
    s.append("Features (in model order): `")
        .append(String.join("`, `", result.encoding().names()))
        .append("`.\n\n");
    s.append("## Results on the held-out rows\n\n");
    s.append(resultsTable(List.of(e))).append('\n');
    s.append(
        f(
            "Average effect of treating everyone (ATE) on these rows: %+.4f. AUUC of random"
                + " targeting: %.4f. Intervals: 95 %% percentile bootstrap of the held-out rows.%n%n",
            e.ate(), e.randomAuuc()));
    s.append("![Qini](").append(QINI_FILE).append(")\n\n");
    s.append(metricNotes());
    s.append("## Files\n\n")
        .append("- `")
        .append(UpliftModelFiles.MANIFEST_FILE)
        .append("`: learner, score formula, feature order, boosters, metrics\n");
    result.model().boosters().keySet().forEach(r -> s.append("- `").append(r).append(".ubj`\n"));
    s.append("- `").append(QINI_FILE).append("`\n");
    write(directory.resolve(CARD_FILE), s.toString());
  }

  static String metricNotes() {
    return """
        How to read it: rows sorted by descending score, the top share φ targeted. \
        **Qini coefficient**: area between the Qini curve (extra outcomes in the top φ per treated \
        row, Y_t − Y_c·N_t/N_c over N_t of all rows) and the random line; 0 = no better than \
        random. **AUUC**: area under the gain curve (uplift in the top φ times φ), compared with \
        random targeting's ATE/2. **uplift@k %**: outcome rate treated minus control among the top \
        k %. Rows are weighted by their inverse propensity, so a varying treated share does not \
        bias the comparison.

        """;
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String withInterval(UpliftMetrics.Estimate e) {
    if (Double.isNaN(e.value())) {
      return "–";
    }
    return Double.isNaN(e.lower())
        ? f("%+.4f", e.value())
        : f("%+.4f [%+.4f, %+.4f]", e.value(), e.lower(), e.upper());
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
