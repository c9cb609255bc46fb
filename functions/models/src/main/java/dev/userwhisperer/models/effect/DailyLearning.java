package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.learn.UpliftRefresh;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.models.churn.ChurnModelTraining;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daily learn job: the uplift table per app, intervention and stage ({@link UpliftRefresh}),
 * then the per-user uplift models ({@link UpliftModelTraining}); when a model was promoted (or is
 * live already), {@code afterPromotion} gets those attempts: where decide's models live in the same
 * process it reloads them, so the new version decides from the next decision on; on Google Cloud it
 * registers the versions in the Vertex AI Model Registry (once per version). With a {@link
 * ChurnModelTraining}, then each app's churn model; {@code afterChurnPromotion} gets the attempts
 * that promoted a version (or found it live already): the scorer in the same process reloads it; on
 * Google Cloud the versions are registered in the Model Registry.
 *
 * <p>The scheduled {@link #run} retrains a model that is already trained only when the trainers'
 * {@link RetrainRule} says it is due (their labelled rows grew enough, or it is old enough); {@link
 * #retrainAll}, for an operator's request, retrains every model with enough data.
 */
public final class DailyLearning {
  private final UpliftRefresh table;
  private final UpliftModelTraining models;
  private final Consumer<List<UpliftModelTraining.Attempt>> afterPromotion;
  private final Optional<ChurnModelTraining> churn;
  private final Consumer<List<ChurnModelTraining.Attempt>> afterChurnPromotion;

  /** Learns the uplift table and models only. */
  public DailyLearning(
      UpliftRefresh table,
      UpliftModelTraining models,
      Consumer<List<UpliftModelTraining.Attempt>> afterPromotion) {
    this(table, models, afterPromotion, Optional.empty(), promoted -> {});
  }

  public DailyLearning(
      UpliftRefresh table,
      UpliftModelTraining models,
      Consumer<List<UpliftModelTraining.Attempt>> afterPromotion,
      Optional<ChurnModelTraining> churn,
      Consumer<List<ChurnModelTraining.Attempt>> afterChurnPromotion) {
    this.table = Objects.requireNonNull(table, "table");
    this.models = Objects.requireNonNull(models, "models");
    this.afterPromotion = Objects.requireNonNull(afterPromotion, "afterPromotion");
    this.churn = Objects.requireNonNull(churn, "churn");
    this.afterChurnPromotion = Objects.requireNonNull(afterChurnPromotion, "afterChurnPromotion");
  }

  /**
   * What one run learned, and the wall-clock time each part took (infrastructure time, for the log:
   * the learn job's cost grows with the warehouse).
   */
  public record Result(
      UpliftTable table,
      List<UpliftModelTraining.Attempt> attempts,
      List<ChurnModelTraining.Attempt> churnAttempts,
      Elapsed elapsed) {
    public Result {
      Objects.requireNonNull(table, "table");
      attempts = List.copyOf(attempts);
      churnAttempts = List.copyOf(churnAttempts);
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /** The wall-clock time of the uplift table, the uplift models and the churn models. */
  public record Elapsed(Duration table, Duration uplift, Duration churn) {
    public Elapsed {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(uplift, "uplift");
      Objects.requireNonNull(churn, "churn");
    }

    public Duration total() {
      return table.plus(uplift).plus(churn);
    }
  }

  /** The scheduled run: each model retrained when its {@link RetrainRule} says it is due. */
  public Result run() {
    return run(Optional.empty());
  }

  /**
   * A run on demand (an operator's {@code POST /admin/learn}): every model with enough data is
   * retrained and judged, due or not.
   */
  public Result retrainAll() {
    return run(Optional.of(RetrainRule.EVERY_RUN));
  }

  private Result run(Optional<RetrainRule> override) {
    long started = System.nanoTime();
    UpliftTable learned = table.refresh();
    long tableDone = System.nanoTime();
    List<UpliftModelTraining.Attempt> attempts = override.map(models::run).orElseGet(models::run);
    List<UpliftModelTraining.Attempt> promoted =
        attempts.stream().filter(UpliftModelTraining.Attempt::promoted).toList();
    if (!promoted.isEmpty()) {
      afterPromotion.accept(promoted);
    }
    long upliftDone = System.nanoTime();
    List<ChurnModelTraining.Attempt> churnAttempts =
        churn
            .map(c -> override.map(c::run).orElseGet(c::run))
            .orElse(List.<ChurnModelTraining.Attempt>of());
    long churnDone = System.nanoTime();
    List<ChurnModelTraining.Attempt> churnPromoted =
        churnAttempts.stream().filter(ChurnModelTraining.Attempt::promoted).toList();
    if (!churnPromoted.isEmpty()) {
      afterChurnPromotion.accept(churnPromoted);
    }
    return new Result(
        learned,
        attempts,
        churnAttempts,
        new Elapsed(
            Duration.ofNanos(tableDone - started),
            Duration.ofNanos(upliftDone - tableDone),
            Duration.ofNanos(churnDone - upliftDone)));
  }
}
