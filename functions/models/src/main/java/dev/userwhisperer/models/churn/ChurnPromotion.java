package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.ModelExport;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.Promotion;
import dev.userwhisperer.models.effect.Promotion.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Whether a trained churn model goes live for an app, by the held-out metrics {@link
 * ChurnModelTraining} writes in its {@code model-metadata.json}: the floor (ROC AUC at least
 * {@value ChurnModelTraining#AUC_FLOOR} and its 95 % interval above 0.5; {@code below_floor}
 * otherwise), then a higher AUC than the live version's on the same held-out users, at the {@value
 * Promotion#METRIC_DECIMALS} decimals the verdict reports ({@code not_better_than_live} otherwise,
 * a tie included). {@link Promotion} stores the version and keeps the verdict.
 */
public final class ChurnPromotion {
  private final ModelDirectory directory;
  private final Clock clock;

  public ChurnPromotion(ModelDirectory directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Copies the model in {@code trained} into the slot's versions, judges it, promotes it when it
   * passes and records the verdict with it.
   */
  public Verdict submit(Slot slot, Path trained) {
    JsonNode metadata = metadata(trained);
    String version = metadata.path("version").asString("");
    return Promotion.submit(
        directory, clock, slot, version, trained, live -> judge(metadata, live));
  }

  static Verdict judge(JsonNode candidate, Optional<String> liveVersion) {
    JsonNode metrics = candidate.path("held_out_metrics");
    double auc = metrics.path("roc_auc").asDouble(Double.NaN);
    double lower = metrics.path("roc_auc_95").path(0).asDouble(Double.NaN);
    if (!(auc >= ChurnModelTraining.AUC_FLOOR) || !(lower > 0.5)) {
      return new Verdict(
          false,
          "below_floor",
          String.format(
              Locale.ROOT,
              "held-out ROC AUC %.4f, 95 %% interval from %.4f: the floor is an AUC of %.2f with"
                  + " the interval above 0.5",
              auc,
              lower,
              ChurnModelTraining.AUC_FLOOR));
    }
    if (liveVersion.isEmpty()) {
      return new Verdict(
          true, "promoted", String.format(Locale.ROOT, "ROC AUC %.4f, no live version", auc));
    }
    JsonNode sameUsers = candidate.path("live_on_held_out");
    if (!sameUsers.isObject()
        || !sameUsers.path("version").asString("").equals(liveVersion.get())) {
      return new Verdict(
          false,
          "not_better_than_live",
          "the live version " + liveVersion.get() + " was not scored on the held-out users");
    }
    double liveAuc = sameUsers.path("roc_auc").asDouble(Double.NaN);
    String detail =
        "ROC AUC "
            + Promotion.reported(auc)
            + " against the live version's "
            + Promotion.reported(liveAuc)
            + " on the same held-out users";
    return Promotion.beats(auc, liveAuc)
        ? new Verdict(true, "promoted", detail)
        : new Verdict(false, "not_better_than_live", detail);
  }

  /** The metadata of a version as {@link ModelExport} wrote it. */
  public static JsonNode metadata(Path version) {
    try {
      return Json.tree(Files.readAllBytes(version.resolve(ModelExport.METADATA_FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metadata in " + version, e);
    }
  }
}
