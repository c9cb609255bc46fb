package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
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
 * Whether a trained uplift model goes live for an app's intervention, by its held-out metrics as
 * {@code uplift train} and the learn job record them in the manifest ({@code held_out_metrics}):
 *
 * <ol>
 *   <li>the floor ({@code below_floor} otherwise): each held-out arm (treated, control) has at
 *       least {@value #MIN_HELD_OUT_OUTCOMES_PER_ARM} rows that reached the goal and as many that
 *       did not, and the Qini coefficient's 95 % bootstrap interval lies above 0, i.e. ranking by
 *       the model beats random targeting on rows it never saw;
 *   <li>better than the live model ({@code not_better_than_live} otherwise, a tie included): a
 *       higher Qini coefficient than the live version's, at the {@value Promotion#METRIC_DECIMALS}
 *       decimals the verdict reports, on the same held-out rows when the manifest carries it
 *       ({@code live_on_held_out}, as the learn job writes it), else on the live version's own.
 * </ol>
 *
 * The interval is the guard, not a row count: a large effect proves itself on a few thousand rows
 * and a small one may not on a hundred thousand, and no fixed count says which. The count floor is
 * there only so that the interval means what it says: a percentile bootstrap of a difference of two
 * proportions approaches its nominal coverage once each arm has about ten successes and ten
 * failures (the rule for the normal approximation of a binomial); with fewer, its intervals come
 * out too narrow, and an interval above 0 would be luck. Earlier this gate asked for 20,000
 * randomized rows, the size at which effects of 5 points were recovered on the synthetic campaign
 * (docs/models.md): a rule of thumb for 5-point effects that kept models with larger effects out
 * and said nothing about whether a given model beats random.
 *
 * <p>{@link Promotion} stores the version and keeps the verdict.
 */
public final class UpliftPromotion {
  public static final int MIN_HELD_OUT_OUTCOMES_PER_ARM = 10;

  private final ModelDirectory directory;
  private final Clock clock;

  public UpliftPromotion(ModelDirectory directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Copies the model in {@code trained} (a directory {@code uplift train} wrote) into the slot's
   * versions, judges it against the floor and the live version, promotes it when it passes, and
   * records the verdict with it.
   *
   * @throws InvalidModelException when {@code trained} is not a model this platform can score
   */
  public Verdict submit(Slot slot, Path trained) {
    XgboostEffectModel model = XgboostEffectModel.load(trained);
    JsonNode manifest = manifest(trained);
    return Promotion.submit(
        directory,
        clock,
        slot,
        model.version(),
        trained,
        live -> judge(manifest, live, live.map(v -> manifest(directory.version(slot, v)))));
  }

  static Verdict judge(JsonNode candidate, Optional<String> liveVersion, Optional<JsonNode> live) {
    JsonNode metrics = candidate.path("held_out_metrics");
    double qini = metrics.path("qini_coefficient").asDouble(Double.NaN);
    double lower = metrics.path("qini_coefficient_95").path(0).asDouble(Double.NaN);
    JsonNode arms = metrics.path("arms");
    if (!arms.isObject()) {
      return new Verdict(
          false, "below_floor", "the manifest does not count the held-out rows per arm");
    }
    long treated = arms.path("treated").asLong(0);
    long treatedOutcomes = arms.path("treated_outcomes").asLong(0);
    long control = arms.path("control").asLong(0);
    long controlOutcomes = arms.path("control_outcomes").asLong(0);
    long fewest =
        Math.min(
            Math.min(treatedOutcomes, treated - treatedOutcomes),
            Math.min(controlOutcomes, control - controlOutcomes));
    if (fewest < MIN_HELD_OUT_OUTCOMES_PER_ARM) {
      return new Verdict(
          false,
          "below_floor",
          String.format(
              Locale.ROOT,
              "held out: %d treated (%d reached the goal), %d control (%d): an arm has fewer than"
                  + " %d rows that reached the goal or that did not, too few for the Qini's"
                  + " interval to be trusted",
              treated,
              treatedOutcomes,
              control,
              controlOutcomes,
              MIN_HELD_OUT_OUTCOMES_PER_ARM));
    }
    if (!(lower > 0)) {
      return new Verdict(
          false,
          "below_floor",
          "the Qini coefficient's 95 % interval reaches " + lower + ": no better than random");
    }
    if (live.isPresent()) {
      JsonNode sameRows = candidate.path("live_on_held_out");
      boolean measuredHere =
          sameRows.isObject()
              && sameRows.path("version").asString("").equals(liveVersion.orElse(""));
      double liveQini =
          measuredHere
              ? sameRows.path("qini_coefficient").asDouble(Double.NaN)
              : live.get().path("held_out_metrics").path("qini_coefficient").asDouble(Double.NaN);
      String where = measuredHere ? " on the same held-out rows" : " on its own held-out rows";
      String qiniRead = "Qini " + Promotion.reported(qini);
      String againstLive = " the live version's " + Promotion.reported(liveQini) + where;
      return Promotion.beats(qini, liveQini)
          ? new Verdict(true, "promoted", qiniRead + " beats" + againstLive)
          : new Verdict(false, "not_better_than_live", qiniRead + " against" + againstLive);
    }
    return new Verdict(true, "promoted", "Qini " + Promotion.reported(qini) + ", no live version");
  }

  static JsonNode manifest(Path version) {
    try {
      return Json.tree(Files.readAllBytes(version.resolve(XgboostEffectModel.MANIFEST_FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest in " + version, e);
    }
  }
}
