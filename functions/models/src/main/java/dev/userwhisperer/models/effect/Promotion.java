package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What every kind of model's promotion does around its own judgement: stores the trained version in
 * its slot, leaves an already live version live, promotes a version its judge passes, and keeps
 * every verdict as {@value #FILE} in the version's directory, so {@code GET /v1/models} can say why
 * a version is not live.
 */
public final class Promotion {
  static final String FILE = "promotion.json";

  /**
   * The decimals a held-out metric (ROC AUC, Qini coefficient) is reported and compared with. A
   * candidate replaces the live version only when its metric is higher at this precision, so that a
   * verdict never promotes a version whose metric reads the same as the live one's: a difference
   * below it is one pair of users ranked the other way on a few hundred held-out users, not a
   * better model.
   */
  public static final int METRIC_DECIMALS = 4;

  private Promotion() {}

  /** The verdict on one version. */
  public record Verdict(boolean promoted, String reason, String detail) {
    public Verdict {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Copies {@code trained} into the slot as {@code version}, judges it with {@code judge} (given
   * the live version, if any), promotes it when it passes and records the verdict with it.
   */
  public static Verdict submit(
      ModelDirectory directory,
      Clock clock,
      Slot slot,
      String version,
      Path trained,
      Function<Optional<String>, Verdict> judge) {
    directory.writeVersion(slot, version, trained);
    Optional<String> live = directory.live(slot);
    Verdict verdict;
    if (live.isPresent() && live.get().equals(version)) {
      verdict = new Verdict(true, "live", "this version is already live");
    } else {
      verdict = judge.apply(live);
      if (verdict.promoted()) {
        directory.promote(slot, version);
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("promoted", verdict.promoted());
    v.put("reason", verdict.reason());
    v.put("detail", verdict.detail());
    v.put("live_before", live.orElse(null));
    v.put("decided_at", clock.instant().toString());
    directory.writeVersionFile(slot, version, FILE, Json.encode(v));
    return verdict;
  }

  /**
   * Whether a candidate's metric beats the live version's: strictly higher as {@link #reported}, so
   * a tie, or a metric that is not a number, keeps the live version.
   */
  public static boolean beats(double candidate, double live) {
    return Double.isFinite(candidate)
        && Double.isFinite(live)
        && rounded(candidate).compareTo(rounded(live)) > 0;
  }

  /** A metric as verdicts report it: {@value #METRIC_DECIMALS} decimals, or NaN. */
  public static String reported(double metric) {
    return Double.isFinite(metric) ? rounded(metric).toPlainString() : String.valueOf(metric);
  }

  private static BigDecimal rounded(double metric) {
    return BigDecimal.valueOf(metric).setScale(METRIC_DECIMALS, RoundingMode.HALF_UP);
  }

  /** The verdict recorded for a version, if one was. */
  public static Optional<JsonNode> verdictOf(Path version) {
    Path file = version.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.tree(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
