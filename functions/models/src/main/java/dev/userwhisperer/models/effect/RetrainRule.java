package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * When the daily learn job retrains a slot that has a live model and whose last attempt trained
 * one: once its labelled data grew by at least {@code minGrowth} since that training, or {@code
 * maxAge} after it, whichever comes first. A slot without a live model, or whose last attempt
 * trained nothing (not enough data, a failure), or that was never attempted, is tried on every run,
 * so a slot's first model goes live on the day it would have anyway. Between retrainings the live
 * model stays (the promotion rule is unchanged: a retrained model still goes live only if it beats
 * the live one); training daily on a warehouse that grew a few percent costs a full training and
 * mostly judges the live model again.
 *
 * <p>"Labelled data" is what the slot trains from, counted from the rows the learn job read anyway:
 * for an uplift slot its randomized decisions with closed windows, for a churn slot the app's
 * events. The count of the last training is kept in its attempt record ({@value #ROWS}).
 *
 * @param minGrowth the growth of the labelled rows that calls for a retraining, 0.1 for 10 %
 * @param maxAge the longest a trained model goes without retraining
 */
public record RetrainRule(double minGrowth, Duration maxAge) {
  /** The attempt record's field with the labelled rows the attempt read. */
  public static final String ROWS = "rows";

  /** Retrains at every run: the learn job as it was, and the rule for tests and one-off runs. */
  public static final RetrainRule EVERY_RUN = new RetrainRule(0, Duration.ZERO);

  /**
   * The learn job's rule: 10 % more labelled rows, or a week. Once a model is live, an app's
   * warehouse grows by about a day's share of its history each day (2 % a day at 50 days), so this
   * retrains every few days while an app is young and weekly once it is settled.
   */
  public static final RetrainRule DEFAULT = new RetrainRule(0.10, Duration.ofDays(7));

  public RetrainRule {
    if (!(minGrowth >= 0) || Double.isInfinite(minGrowth)) {
      throw new IllegalArgumentException("minGrowth must be a finite number >= 0: " + minGrowth);
    }
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must be zero or positive: " + maxAge);
    }
  }

  /**
   * Why the slot need not be retrained now, empty when it must: always empty without a live model.
   *
   * @param rows the labelled rows the slot has now
   */
  public Optional<String> skip(
      ModelDirectory directory, ModelDirectory.Slot slot, long rows, Instant now) {
    if (directory.live(slot).isEmpty()) {
      return Optional.empty();
    }
    return skip(directory.lastTraining(slot), rows, now);
  }

  /**
   * Why a slot with a live model need not be retrained now, empty when it must.
   *
   * @param lastTraining the slot's last attempt record ({@link ModelDirectory#lastTraining})
   * @param rows the labelled rows the slot has now
   */
  public Optional<String> skip(Optional<byte[]> lastTraining, long rows, Instant now) {
    if (lastTraining.isEmpty()) {
      return Optional.empty();
    }
    JsonNode last = Json.tree(lastTraining.get());
    if (!"trained".equals(last.path("status").asString(null))
        || !last.path(ROWS).isNumber()
        || last.path("attempted_at").asString(null) == null) {
      return Optional.empty();
    }
    long trainedRows = last.path(ROWS).asLong();
    Instant trainedAt = Instant.parse(last.path("attempted_at").asString());
    boolean old = !now.isBefore(trainedAt.plus(maxAge));
    boolean grew = rows < trainedRows || rows >= trainedRows * (1 + minGrowth);
    if (old || grew) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "not retrained: %d labelled rows, %d at the training of %s; retrains at %.0f %% more or"
                + " %d days after it",
            rows,
            trainedRows,
            trainedAt,
            100 * minGrowth,
            maxAge.toDays()));
  }
}
