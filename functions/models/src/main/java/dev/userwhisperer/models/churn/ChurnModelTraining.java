package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.models.BinaryMetrics;
import dev.userwhisperer.models.ChurnTrainer;
import dev.userwhisperer.models.Example;
import dev.userwhisperer.models.ModelExport;
import dev.userwhisperer.models.PlatformExample;
import dev.userwhisperer.models.PointInTimeFeatures;
import dev.userwhisperer.models.Progress;
import dev.userwhisperer.models.TrainingConfig;
import dev.userwhisperer.models.WarehouseDecision;
import dev.userwhisperer.models.WarehouseDecisionSource;
import dev.userwhisperer.models.WarehouseEvent;
import dev.userwhisperer.models.WarehouseEventSource;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.effect.Promotion;
import dev.userwhisperer.models.effect.RetrainRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The learn job's churn model per app, from the app's own warehouse events ({@link
 * WarehouseEventSource}) and decisions ({@link WarehouseDecisionSource}) with the serving feature
 * code ({@link PointInTimeFeatures}, which folds each user's events up to a cutoff through core's
 * {@code ProfileUpdater}, keeps the decisions among them as decide does, and reads {@code
 * FeatureVector.of}).
 *
 * <p><b>Label.</b> Churned = no activity event ({@link EventTypes#ACTIVITY}) in the {@value
 * #HORIZON_DAYS} days after the cutoff: the complement of the uplift models' "retained" outcome, so
 * that the user decide calls at risk is one the uplift models can save. <b>Who.</b> At each cutoff,
 * the users with an activity event in the {@value #HORIZON_DAYS} days before it: users already gone
 * by the label's own definition would teach the model only that silence predicts silence.
 *
 * <p><b>Time-based holdout.</b> As of today (the clock's UTC day), the held-out rows are the users
 * at the cutoff {@value #HORIZON_DAYS} days ago, labelled by the days since; the training rows are
 * the users at {@value #TRAINING_SNAPSHOTS} cutoffs a week apart whose label windows closed before
 * the held-out cutoff (the latest {@value #HORIZON_DAYS} days before it), so the model is judged on
 * a later period than it learned from, as it will be used.
 *
 * <p><b>Enough labelled history</b>, before anything is trained: {@value #MIN_TRAINING_PER_CLASS}
 * churned and as many retained training rows (the trainer holds a fifth back for early stopping,
 * which needs both classes), and {@value #MIN_HELD_OUT_PER_CLASS} churned and as many retained
 * held-out users (so that the AUC's bootstrap interval means what it says).
 *
 * <p><b>Promotion.</b> The floor: held-out ROC AUC at least {@value #AUC_FLOOR} and its 95 %
 * bootstrap interval above 0.5. An AUC of 0.5 is random; the interval proves, for this model on
 * these users, that it ranks better than random, and 0.6 keeps out models that do, but barely: at
 * 0.6 a random churner outranks a random retained user only three times in five, and every false
 * alarm is a churn-save message to a user who was staying. Then better than the live model: a
 * higher AUC than the live version's on the same held-out users. Otherwise the live version stays.
 *
 * <p>Each attempt is recorded ({@link ModelDirectory#recordTraining}); each trained version keeps
 * its model files, card and verdict ({@link ChurnPromotion}). Deterministic: the same warehouse on
 * the same day gives the same version.
 */
public final class ChurnModelTraining {
  public static final int HORIZON_DAYS = 14;
  public static final int TRAINING_SNAPSHOTS = 4;
  public static final int MIN_TRAINING_PER_CLASS = 50;
  public static final int MIN_HELD_OUT_PER_CLASS = 20;
  public static final double AUC_FLOOR = 0.6;
  static final int BOOTSTRAP_RESAMPLES = 200;
  static final String MODEL_CARD = "MODEL_CARD.md";

  private static final Duration HORIZON = Duration.ofDays(HORIZON_DAYS);

  private final WarehouseEventSource source;
  private final WarehouseDecisionSource decisions;
  private final ModelDirectory directory;
  private final ChurnPromotion promotion;
  private final TrainingConfig config;
  private final Clock clock;
  private final RetrainRule retrain;
  private final PointInTimeFeatures features =
      new PointInTimeFeatures(
          LifecycleThresholds.DEFAULTS,
          HORIZON,
          EventTypes.ACTIVITY,
          PointInTimeFeatures.CONVERSION_TYPES);

  public ChurnModelTraining(
      WarehouseEventSource source,
      WarehouseDecisionSource decisions,
      ModelDirectory directory,
      ChurnPromotion promotion,
      TrainingConfig config,
      Clock clock) {
    this(source, decisions, directory, promotion, config, clock, RetrainRule.EVERY_RUN);
  }

  /**
   * Retrains an app whose last attempt trained a model only when {@code retrain} says so, its
   * labelled rows counted as the app's events.
   */
  public ChurnModelTraining(
      WarehouseEventSource source,
      WarehouseDecisionSource decisions,
      ModelDirectory directory,
      ChurnPromotion promotion,
      TrainingConfig config,
      Clock clock,
      RetrainRule retrain) {
    this.source = Objects.requireNonNull(source, "source");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.promotion = Objects.requireNonNull(promotion, "promotion");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retrain = Objects.requireNonNull(retrain, "retrain");
  }

  /**
   * What one attempt came to.
   *
   * @param status {@code trained} (see the verdict), {@code not_enough_data}, {@code failed}, or
   *     {@code skipped} (not due for retraining, see {@link RetrainRule}: the live model stays and
   *     the app's last attempt record is kept)
   */
  public record Attempt(
      String appId, String status, String version, Promotion.Verdict verdict, String detail) {
    public Attempt {
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }

    public boolean promoted() {
      return verdict != null && verdict.promoted();
    }
  }

  /**
   * Trains, judges and records a churn model per app with events, as of the clock's UTC day, each
   * app when the configured {@link RetrainRule} says it is due.
   */
  public List<Attempt> run() {
    return run(retrain);
  }

  /** As {@link #run()}, with {@code retrain} deciding which trained apps are due. */
  public List<Attempt> run(RetrainRule retrain) {
    Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
    Optional<List<Attempt>> nothingDue = nothingDue(retrain, today);
    if (nothingDue.isPresent()) {
      return nothingDue.get();
    }
    Map<String, List<WarehouseEvent>> byApp = new LinkedHashMap<>();
    for (WarehouseEvent e : source.events(Optional.empty(), today)) {
      byApp.computeIfAbsent(e.appId(), a -> new ArrayList<>()).add(e);
    }
    Map<String, List<WarehouseDecision>> decisionsByApp = new LinkedHashMap<>();
    for (WarehouseDecision d : decisions.decisions(Optional.empty(), today)) {
      decisionsByApp.computeIfAbsent(d.appId(), a -> new ArrayList<>()).add(d);
    }
    List<Attempt> attempts = new ArrayList<>();
    for (Map.Entry<String, List<WarehouseEvent>> app : byApp.entrySet()) {
      Slot slot = Slot.churn(app.getKey());
      int rows = app.getValue().size();
      Optional<String> notDue = retrain.skip(directory, slot, rows, today);
      if (notDue.isPresent()) {
        attempts.add(new Attempt(app.getKey(), "skipped", null, null, notDue.get()));
        continue;
      }
      Attempt attempt =
          attempt(
              app.getKey(),
              app.getValue(),
              decisionsByApp.getOrDefault(app.getKey(), List.of()),
              today);
      directory.recordTraining(slot, Json.encode(describe(attempt, today, rows)));
      attempts.add(attempt);
    }
    return attempts;
  }

  /**
   * When every app with events has a live model not yet due for retraining, their skipped attempts,
   * found by counting the apps' events instead of reading them (the read is most of a run's cost);
   * empty when some app is due or none has a live model.
   */
  private Optional<List<Attempt>> nothingDue(RetrainRule retrain, Instant today) {
    if (directory.churnSlots().stream().allMatch(s -> directory.live(s).isEmpty())) {
      return Optional.empty();
    }
    List<Attempt> skipped = new ArrayList<>();
    for (Map.Entry<String, Long> app : source.countsByApp(today).entrySet()) {
      Optional<String> notDue =
          retrain.skip(directory, Slot.churn(app.getKey()), app.getValue(), today);
      if (notDue.isEmpty()) {
        return Optional.empty();
      }
      skipped.add(new Attempt(app.getKey(), "skipped", null, null, notDue.get()));
    }
    return Optional.of(skipped);
  }

  private Attempt attempt(
      String appId, List<WarehouseEvent> events, List<WarehouseDecision> kept, Instant today) {
    Instant heldOutCutoff = today.minus(HORIZON);
    List<Instant> trainingCutoffs = new ArrayList<>();
    for (int k = 0; k < TRAINING_SNAPSHOTS; k++) {
      trainingCutoffs.add(heldOutCutoff.minus(HORIZON).minus(Duration.ofDays(7L * k)));
    }
    List<Instant> cutoffs = new ArrayList<>(trainingCutoffs);
    cutoffs.add(heldOutCutoff);
    List<List<PlatformExample>> rows = new ChurnTrainingSet(features).rows(events, kept, cutoffs);
    List<PlatformExample> training = new ArrayList<>();
    rows.subList(0, TRAINING_SNAPSHOTS).forEach(training::addAll);
    List<PlatformExample> heldOut = rows.get(TRAINING_SNAPSHOTS);
    long trainingChurned = training.stream().filter(PlatformExample::churned).count();
    long heldOutChurned = heldOut.stream().filter(PlatformExample::churned).count();
    long fewestTraining = Math.min(trainingChurned, training.size() - trainingChurned);
    long fewestHeldOut = Math.min(heldOutChurned, heldOut.size() - heldOutChurned);
    if (fewestTraining < MIN_TRAINING_PER_CLASS || fewestHeldOut < MIN_HELD_OUT_PER_CLASS) {
      return new Attempt(
          appId,
          "not_enough_data",
          null,
          null,
          String.format(
              Locale.ROOT,
              "training (users active in the %d days before the cutoffs %s to %s): %d churned,"
                  + " %d retained, needs %d of each; held out (cutoff %s): %d churned, %d"
                  + " retained, needs %d of each",
              HORIZON_DAYS,
              trainingCutoffs.get(trainingCutoffs.size() - 1),
              trainingCutoffs.get(0),
              trainingChurned,
              training.size() - trainingChurned,
              MIN_TRAINING_PER_CLASS,
              heldOutCutoff,
              heldOutChurned,
              heldOut.size() - heldOutChurned,
              MIN_HELD_OUT_PER_CLASS));
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("churn-" + appId);
      String version = train(appId, training, heldOut, trainingCutoffs, heldOutCutoff, work);
      Promotion.Verdict verdict = promotion.submit(Slot.churn(appId), work);
      return new Attempt(appId, "trained", version, verdict, verdict.detail());
    } catch (XGBoostError | IllegalArgumentException e) {
      return new Attempt(appId, "failed", null, null, "training failed: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot train in a temporary directory", e);
    } finally {
      delete(work);
    }
  }

  private String train(
      String appId,
      List<PlatformExample> training,
      List<PlatformExample> heldOut,
      List<Instant> trainingCutoffs,
      Instant heldOutCutoff,
      Path out)
      throws XGBoostError {
    List<String> names = features.featureNames();
    List<Example> rows =
        training.stream().map(r -> new Example(r.userId(), r.vector(names), r.churned())).toList();
    ChurnTrainer.TrainedModel model = new ChurnTrainer(config).fit(rows, Progress.silent());
    try {
      List<float[]> heldOutRows = heldOut.stream().map(r -> r.vector(names)).toList();
      boolean[] labels = new boolean[heldOut.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = heldOut.get(i).churned();
      }
      double[] scores = ChurnTrainer.predictVectors(model.booster(), heldOutRows, names.size());
      double auc = BinaryMetrics.rocAuc(scores, labels);
      double[] interval = aucInterval(scores, labels, config.seed());
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("roc_auc", auc);
      metrics.put("roc_auc_95", List.of(interval[0], interval[1]));
      metrics.put("pr_auc", BinaryMetrics.averagePrecision(scores, labels));
      metrics.put("brier", BinaryMetrics.brier(scores, labels));
      metrics.put("users", heldOut.size());
      metrics.put("churned", heldOut.stream().filter(PlatformExample::churned).count());
      metrics.put("bootstrap_resamples", BOOTSTRAP_RESAMPLES);
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("kind", "churn");
      metadata.put("trained_at", clock.instant().toString());
      metadata.put("app_id", appId);
      metadata.put(
          "label",
          "no activity event in the " + HORIZON_DAYS + " days after the cutoff (churned = 1)");
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("source", "events, decisions");
      data.put("training_cutoffs", trainingCutoffs.stream().map(Instant::toString).toList());
      data.put("training_rows", training.size());
      data.put("training_churned", training.stream().filter(PlatformExample::churned).count());
      data.put("held_out_cutoff", heldOutCutoff.toString());
      data.put("rounds", model.rounds());
      metadata.put("training", data);
      metadata.put("held_out_metrics", metrics);
      liveOnHeldOut(appId, heldOutRows, labels).ifPresent(l -> metadata.put("live_on_held_out", l));
      String version = ModelExport.write(out, model.booster(), names, metadata);
      writeCard(out, appId, version, metadata, metrics, data);
      return version;
    } finally {
      model.booster().dispose();
    }
  }

  /** The live version's AUC on the candidate's held-out users; empty without a live version. */
  private Optional<Map<String, Object>> liveOnHeldOut(
      String appId, List<float[]> rows, boolean[] labels) {
    Slot slot = Slot.churn(appId);
    Optional<String> live = directory.live(slot);
    if (live.isEmpty()) {
      return Optional.empty();
    }
    XgboostChurnScorer model;
    try {
      model = XgboostChurnScorer.load(directory.version(slot, live.get()));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return Optional.empty();
    }
    List<String> names = features.featureNames();
    double[] scores = new double[rows.size()];
    for (int i = 0; i < scores.length; i++) {
      Map<String, Double> vector = new LinkedHashMap<>();
      float[] row = rows.get(i);
      for (int f = 0; f < names.size(); f++) {
        if (!Float.isNaN(row[f])) {
          vector.put(names.get(f), (double) row[f]);
        }
      }
      scores[i] = model.score(vector).map(s -> s.probability()).orElse(0.5);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", live.get());
    m.put("roc_auc", BinaryMetrics.rocAuc(scores, labels));
    return Optional.of(m);
  }

  /** The 2.5 and 97.5 percentiles of the AUC over bootstrap resamples of the users. */
  static double[] aucInterval(double[] scores, boolean[] labels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] aucs = new double[BOOTSTRAP_RESAMPLES];
    int n = scores.length;
    int kept = 0;
    double[] s = new double[n];
    boolean[] l = new boolean[n];
    while (kept < BOOTSTRAP_RESAMPLES) {
      int churned = 0;
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        s[i] = scores[j];
        l[i] = labels[j];
        churned += l[i] ? 1 : 0;
      }
      if (churned > 0 && churned < n) {
        aucs[kept++] = BinaryMetrics.rocAuc(s, l);
      }
    }
    Arrays.sort(aucs);
    return new double[] {
      aucs[(int) Math.floor(0.025 * (BOOTSTRAP_RESAMPLES - 1))],
      aucs[(int) Math.ceil(0.975 * (BOOTSTRAP_RESAMPLES - 1))]
    };
  }

  private static void writeCard(
      Path dir,
      String appId,
      String version,
      Map<String, Object> metadata,
      Map<String, Object> metrics,
      Map<String, Object> data) {
    @SuppressWarnings("unchecked")
    List<Double> interval = (List<Double>) metrics.get("roc_auc_95");
    String card =
        String.format(
            Locale.ROOT,
            """
            # Model card: churn %s of app %s

            Trained %s by the learn job (`ChurnModelTraining`): gradient-boosted trees (xgboost4j, \
            %s rounds) on the platform's `FeatureVector`, predicting that a user active in the \
            last %d days has no activity event in the next %d.

            ## Data

            The app's warehouse events, folded per user up to each cutoff by the serving profile \
            code, with the platform's decisions kept among them as decide keeps them (the user's \
            own response history). Trained on %s rows (%s churned) at the cutoffs %s; evaluated on the %s users \
            active before %s, labelled by the %d days after it, which the training labels never \
            reach (a time-based holdout).

            ## Held-out results

            ROC AUC %.4f, 95 %% interval [%.4f, %.4f] (%d bootstrap resamples); PR AUC %.4f; \
            Brier %.4f; churn rate %.3f.
            """,
            version,
            appId,
            metadata.get("trained_at"),
            data.get("rounds"),
            HORIZON_DAYS,
            HORIZON_DAYS,
            data.get("training_rows"),
            data.get("training_churned"),
            data.get("training_cutoffs"),
            metrics.get("users"),
            data.get("held_out_cutoff"),
            HORIZON_DAYS,
            (Double) metrics.get("roc_auc"),
            interval.get(0),
            interval.get(1),
            BOOTSTRAP_RESAMPLES,
            (Double) metrics.get("pr_auc"),
            (Double) metrics.get("brier"),
            ((Number) metrics.get("churned")).doubleValue()
                / ((Number) metrics.get("users")).doubleValue());
    try {
      Files.writeString(dir.resolve(MODEL_CARD), card);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model card in " + dir, e);
    }
  }

  private static Map<String, Object> describe(Attempt a, Instant at, int rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempted_at", at.toString());
    m.put(RetrainRule.ROWS, rows);
    m.put("status", a.status());
    m.put("version", a.version());
    m.put("promoted", a.promoted());
    m.put("reason", a.verdict() == null ? a.status() : a.verdict().reason());
    m.put("detail", a.detail());
    return m;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
