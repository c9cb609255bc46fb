package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Whether a trained uplift model goes live for an app's intervention, by its held-out metrics as
 * {@code uplift train} records them in the manifest ({@code held_out_metrics}, {@code training}):
 *
 * <ol>
 *   <li>the floor: at least {@link #MIN_RANDOMIZED_ROWS} randomized rows (treated and control
 *       together, training and held out), and a Qini coefficient whose 95 % interval lies above 0,
 *       i.e. ranking by the model beats random targeting on the held-out rows ({@code below_floor}
 *       otherwise);
 *   <li>better than the live model: a higher Qini coefficient than the one the live version
 *       recorded ({@code not_better_than_live}).
 * </ol>
 *
 * Why 20,000: effects of about 5 points, the size marketing messages usually have, recovered the
 * sign for 81–90 % of users and a third to three quarters of the oracle's Qini at 20,000 randomized
 * users, and 94–98 % at 60,000 (docs/models.md, "Per-user uplift models"); below that a model ranks
 * users little better than chance, and the table or the priors decide better. The live model's Qini
 * was measured on its own held-out rows, not the candidate's, so the comparison is of two estimates
 * with their own noise; the interval floor keeps a lucky split from promoting a model that does not
 * beat random.
 *
 * <p>Every verdict is kept as {@value #PROMOTION_FILE} in the version's directory, so {@code GET
 * /v1/models} can say why a version is not live.
 */
public final class UpliftPromotion {
  public static final long MIN_RANDOMIZED_ROWS = 20_000;
  static final String PROMOTION_FILE = "promotion.json";

  private final ModelDirectory directory;
  private final Clock clock;

  public UpliftPromotion(ModelDirectory directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The verdict on one version. */
  public record Verdict(boolean promoted, String reason, String detail) {
    public Verdict {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
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
    Path target = directory.version(slot, model.version());
    copy(trained, target);
    Optional<String> live = directory.live(slot);
    Verdict verdict;
    if (live.isPresent() && live.get().equals(model.version())) {
      verdict = new Verdict(true, "live", "this version is already live");
    } else {
      verdict = judge(manifest, live.map(v -> manifest(directory.version(slot, v))));
      if (verdict.promoted()) {
        directory.promote(slot, model.version());
      }
    }
    record(target, verdict, live.orElse(null));
    return verdict;
  }

  static Verdict judge(JsonNode candidate, Optional<JsonNode> live) {
    long rows = candidate.path("training").path("rows").asLong(0);
    JsonNode metrics = candidate.path("held_out_metrics");
    double qini = metrics.path("qini_coefficient").asDouble(Double.NaN);
    double lower = metrics.path("qini_coefficient_95").path(0).asDouble(Double.NaN);
    if (rows < MIN_RANDOMIZED_ROWS) {
      return new Verdict(
          false,
          "below_floor",
          rows + " randomized rows, fewer than the " + MIN_RANDOMIZED_ROWS + " a model needs");
    }
    if (!(lower > 0)) {
      return new Verdict(
          false,
          "below_floor",
          "the Qini coefficient's 95 % interval reaches " + lower + ": no better than random");
    }
    if (live.isPresent()) {
      double liveQini =
          live.get().path("held_out_metrics").path("qini_coefficient").asDouble(Double.NaN);
      if (!(qini > liveQini)) {
        return new Verdict(
            false,
            "not_better_than_live",
            "Qini " + qini + " against the live version's " + liveQini);
      }
      return new Verdict(
          true, "promoted", "Qini " + qini + " beats the live version's " + liveQini);
    }
    return new Verdict(true, "promoted", "Qini " + qini + ", no live version");
  }

  /** The verdict recorded for a version, if one was. */
  public static Optional<JsonNode> verdictOf(Path version) {
    Path file = version.resolve(PROMOTION_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.tree(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static JsonNode manifest(Path version) {
    try {
      return Json.tree(Files.readAllBytes(version.resolve(XgboostEffectModel.MANIFEST_FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest in " + version, e);
    }
  }

  private void record(Path version, Verdict verdict, String liveBefore) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("promoted", verdict.promoted());
    v.put("reason", verdict.reason());
    v.put("detail", verdict.detail());
    v.put("live_before", liveBefore);
    v.put("decided_at", clock.instant().toString());
    try {
      Files.write(version.resolve(PROMOTION_FILE), Json.encode(v));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the verdict in " + version, e);
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.list(from)) {
      Files.createDirectories(to);
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(f.getFileName().toString());
        if (!Files.exists(target)) {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
