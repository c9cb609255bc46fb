package dev.userwhisperer.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown model card of a model trained from the warehouse ({@link WarehouseTraining}). */
public final class PlatformModelCard {
  private PlatformModelCard() {}

  public static void write(
      Path file,
      WarehouseTraining.Result result,
      Duration horizon,
      TrainingConfig config,
      Clock clock) {
    try {
      Files.writeString(file, render(result, horizon, config, clock));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String render(
      WarehouseTraining.Result r, Duration horizon, TrainingConfig config, Clock clock) {
    Evaluation e = r.evaluation();
    WarehouseTraining.Settings settings = r.settings();
    String positive =
        settings.target() == WarehouseTraining.Target.CHURNED ? "churn" : "conversion";
    StringBuilder s = new StringBuilder();
    s.append("# Model card: ").append(r.modelName()).append(' ').append(r.modelVersion());
    s.append("\n\nGenerated ")
        .append(clock.instant())
        .append(" by `vertex-models` (`warehouse` command).\n\n");
    s.append("## Model\n\n")
        .append(
            "Gradient-boosted trees (xgboost4j 3.4.0, `binary:logistic`) on the platform's own ")
        .append("feature vector (`FeatureVector.of` in functions/core, the code analyze scores ")
        .append("with), predicting the probability of **")
        .append(positive)
        .append(" in the next ")
        .append(horizon.toDays())
        .append(" days**. ")
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
    s.append("## Data\n\n")
        .append(
            f(
                "- events: %s, app %s; %d events read (to the end of the horizon)%n",
                settings.source(), settings.appId().orElse("(all)"), r.events()))
        .append(
            f(
                "- features as of **%s**: each user's events up to then replayed through ",
                settings.cutoff()))
        .append("`ProfileUpdater`, no later event seen\n")
        .append("- label: ")
        .append(r.label())
        .append('\n')
        .append(
            f(
                "- %d users known by the cutoff; %d train (positive rate %.3f; %d fit, %d validation),"
                    + " %d held out by SHA-256 of the user id (share %.2f), positive rate %.3f%n%n",
                r.users(),
                r.trainingUsers(),
                r.trainingPositiveRate(),
                r.model().trainRows(),
                r.model().validationRows(),
                e.rows(),
                settings.holdoutFraction(),
                e.positiveRate()));
    s.append("Features (`features.json`, in order): `")
        .append(String.join("`, `", r.featureNames()))
        .append("`.\n\n");
    s.append("## Results on the held-out users\n\n");
    s.append(ModelCard.resultsTable(List.of(e))).append('\n');
    double rate = e.positiveRate();
    s.append(
        f(
            "A constant prediction of the base rate scores Brier %.3f; the best possible top-decile"
                + " lift is %.2f.%n%n",
            rate * (1 - rate), rate > 0 ? Math.min(10, 1 / rate) : Double.NaN));
    s.append("![ROC](roc.png) ![Calibration](calibration.png)\n\n");
    s.append("### Calibration (10 equal-width bins: n, mean predicted, observed rate)\n\n");
    s.append(ModelCard.calibrationTable(List.of(e))).append('\n');
    s.append("### Feature importance (total gain)\n\n| feature | total gain |\n|---|---:|\n");
    r.featureGain().entrySet().stream()
        .filter(g -> g.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(g -> s.append(f("| %s | %.1f |%n", g.getKey(), g.getValue())));
    s.append("\nFeatures not listed were never split on.\n\n");
    s.append("## Files\n\n")
        .append("- `model.bst`: booster in XGBoost UBJSON (Vertex AI prebuilt XGBoost container, ")
        .append("xgboost4j, the local platform's `XgboostChurnScorer`)\n")
        .append("- `features.json`: the `FeatureVector` names, the column order of each instance\n")
        .append("- `model-metadata.json`: version, data, parameters, held-out metrics\n")
        .append("- `roc.png`, `calibration.png`\n");
    return s.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
