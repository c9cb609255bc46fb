package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.port.UpliftTrainingRow;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.models.Progress;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.uplift.FeatureEncoding;
import dev.userwhisperer.models.uplift.InvalidCampaignException;
import dev.userwhisperer.models.uplift.UpliftCalibration;
import dev.userwhisperer.models.uplift.UpliftData;
import dev.userwhisperer.models.uplift.UpliftLearner;
import dev.userwhisperer.models.uplift.UpliftMetrics;
import dev.userwhisperer.models.uplift.UpliftModel;
import dev.userwhisperer.models.uplift.UpliftModelFiles;
import dev.userwhisperer.models.uplift.UpliftTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The learn job's per-user uplift models: for every app and intervention with randomized decisions
 * in the warehouse ({@link UpliftTrainingSource}, the view {@code uplift_training_rows}), trains an
 * X-learner on the decisions before the last {@value #HELD_OUT_DAYS} closed days, evaluates it on
 * those days (a time-based holdout: the model is judged on later decisions than it learned from, as
 * it will be used), and submits it to {@link UpliftPromotion}, which makes it live only if it
 * passes the floor and beats the live version on the same held-out rows. The saved model is the
 * evaluated one, so its card's numbers are its own.
 *
 * <p>Enough labelled history, before anything is trained:
 *
 * <ul>
 *   <li>training days: each arm at least {@value UpliftData#MIN_ROWS_PER_ARM} rows, the least the
 *       learners accept: each arm's outcome model holds back a fifth of its rows to choose its
 *       number of boosting rounds, and fewer than 20 rows cannot choose it;
 *   <li>held-out days: each arm at least {@value UpliftPromotion#MIN_HELD_OUT_OUTCOMES_PER_ARM}
 *       rows that reached the goal and as many that did not, the promotion's floor (see there why):
 *       a model that cannot be judged is not trained.
 * </ul>
 *
 * Each attempt, trained or not, is recorded with the slot ({@link ModelDirectory#recordTraining}),
 * so {@code GET /v1/models} says why an intervention has no model yet. Deterministic: the same rows
 * give the same model version. Idempotent: a rerun on the same warehouse judges the same version
 * again ({@code live} when it was promoted).
 */
public final class UpliftModelTraining {
  /** The closed decision days held out for evaluation: the attribution window's length. */
  public static final int HELD_OUT_DAYS = 14;

  /**
   * The slot of an app's pooled model: one X-learner on the randomized decisions of all the app's
   * interventions, each row marked by {@link #INTERVENTION_FEATURE_PREFIX} indicators, so that it
   * still predicts a per-user effect per intervention (on that intervention's own goal) from the
   * rows of all of them. An app's randomized rows are spread over its interventions; one pooled
   * model reaches the training floor as many times sooner as the app has interventions.
   */
  public static final String POOLED = "pooled";

  /**
   * The pooled model's indicator features: {@code intervention_<name>} is 1 for a row of that
   * intervention, 0 for a row of another (see {@link XgboostTreatmentEffectModels#find}).
   */
  public static final String INTERVENTION_FEATURE_PREFIX = "intervention_";

  static final int BOOTSTRAP_RESAMPLES = 200;
  static final UpliftLearner LEARNER = UpliftLearner.X;

  private final UpliftTrainingSource source;
  private final ModelDirectory directory;
  private final UpliftPromotion promotion;
  private final Clock clock;
  private final RetrainRule retrain;

  /** Trains every slot with enough data at every run ({@link RetrainRule#EVERY_RUN}). */
  public UpliftModelTraining(
      UpliftTrainingSource source,
      ModelDirectory directory,
      UpliftPromotion promotion,
      Clock clock) {
    this(source, directory, promotion, clock, RetrainRule.EVERY_RUN);
  }

  /** Retrains a slot whose last attempt trained a model only when {@code retrain} says so. */
  public UpliftModelTraining(
      UpliftTrainingSource source,
      ModelDirectory directory,
      UpliftPromotion promotion,
      Clock clock,
      RetrainRule retrain) {
    this.source = Objects.requireNonNull(source, "source");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.promotion = Objects.requireNonNull(promotion, "promotion");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retrain = Objects.requireNonNull(retrain, "retrain");
  }

  /**
   * What one attempt came to.
   *
   * @param status {@code trained} (see the verdict), {@code not_enough_data}, {@code failed}, or
   *     {@code skipped} (not due for retraining, see {@link RetrainRule}: the live model stays and
   *     the slot's last attempt record is kept)
   * @param version the trained version, null when none was trained
   * @param verdict the promotion's verdict, null when none was trained
   */
  public record Attempt(
      Slot slot, String status, String version, Promotion.Verdict verdict, String detail) {
    public Attempt {
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }

    public boolean promoted() {
      return verdict != null && verdict.promoted();
    }
  }

  /**
   * Trains, judges and records a model per app and intervention, as of the clock's now, each slot
   * when the configured {@link RetrainRule} says it is due.
   */
  public List<Attempt> run() {
    return run(retrain);
  }

  /** As {@link #run()}, with {@code retrain} deciding which trained slots are due. */
  public List<Attempt> run(RetrainRule retrain) {
    Instant now = clock.instant();
    LocalDate lastClosed = UpliftTable.lastClosedDecisionDate(now);
    LocalDate heldOutFrom = lastClosed.minusDays(HELD_OUT_DAYS - 1L);
    Map<Slot, List<UpliftTrainingRow>> bySlot = new LinkedHashMap<>();
    for (UpliftTrainingRow row : source.rows(lastClosed)) {
      bySlot
          .computeIfAbsent(new Slot(row.appId(), row.intervention()), s -> new ArrayList<>())
          .add(row);
    }
    Map<Slot, List<UpliftTrainingRow>> pooled = new LinkedHashMap<>();
    bySlot.forEach(
        (slot, rows) ->
            pooled
                .computeIfAbsent(new Slot(slot.appId(), POOLED), s -> new ArrayList<>())
                .addAll(rows));
    pooled.forEach(
        (slot, rows) -> {
          if (rows.stream().map(UpliftTrainingRow::intervention).distinct().count() > 1) {
            bySlot.put(slot, markedByIntervention(rows));
          }
        });
    List<Attempt> attempts = new ArrayList<>();
    for (Map.Entry<Slot, List<UpliftTrainingRow>> slot : bySlot.entrySet()) {
      int rows = slot.getValue().size();
      Optional<String> notDue = retrain.skip(directory, slot.getKey(), rows, now);
      if (notDue.isPresent()) {
        attempts.add(new Attempt(slot.getKey(), "skipped", null, null, notDue.get()));
        continue;
      }
      Attempt attempt = attempt(slot.getKey(), slot.getValue(), heldOutFrom, lastClosed);
      directory.recordTraining(slot.getKey(), Json.encode(describe(attempt, now, rows)));
      attempts.add(attempt);
    }
    return attempts;
  }

  /**
   * The rows of one app's interventions, each with an indicator per intervention among them. An app
   * with one intervention has no pooled model: it would be that intervention's own.
   */
  static List<UpliftTrainingRow> markedByIntervention(List<UpliftTrainingRow> rows) {
    Set<String> interventions = new TreeSet<>();
    rows.forEach(r -> interventions.add(r.intervention()));
    List<UpliftTrainingRow> marked = new ArrayList<>(rows.size());
    for (UpliftTrainingRow r : rows) {
      Map<String, Double> features = new LinkedHashMap<>(r.features());
      for (String i : interventions) {
        features.put(INTERVENTION_FEATURE_PREFIX + i, i.equals(r.intervention()) ? 1.0 : 0.0);
      }
      marked.add(
          new UpliftTrainingRow(
              r.appId(),
              POOLED,
              r.decisionId(),
              r.decisionDate(),
              r.treated(),
              r.treatmentPropensity(),
              r.goalReached(),
              features));
    }
    return marked;
  }

  private Attempt attempt(
      Slot slot, List<UpliftTrainingRow> rows, LocalDate heldOutFrom, LocalDate lastClosed) {
    List<UpliftTrainingRow> training =
        rows.stream().filter(r -> r.decisionDate().isBefore(heldOutFrom)).toList();
    List<UpliftTrainingRow> heldOut =
        rows.stream().filter(r -> !r.decisionDate().isBefore(heldOutFrom)).toList();
    Optional<String> tooFew = tooFew(training, heldOut, heldOutFrom, lastClosed);
    if (tooFew.isPresent()) {
      return new Attempt(slot, "not_enough_data", null, null, tooFew.get());
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("uplift-" + slot.appId() + "-" + slot.intervention());
      String version = train(slot, training, heldOut, heldOutFrom, lastClosed, work);
      Promotion.Verdict verdict = promotion.submit(slot, work);
      return new Attempt(slot, "trained", version, verdict, verdict.detail());
    } catch (XGBoostError | InvalidCampaignException e) {
      return new Attempt(slot, "failed", null, null, "training failed: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot train in a temporary directory", e);
    } finally {
      delete(work);
    }
  }

  /** Why the rows are not yet enough to train and judge a model, empty when they are. */
  static Optional<String> tooFew(
      List<UpliftTrainingRow> training,
      List<UpliftTrainingRow> heldOut,
      LocalDate heldOutFrom,
      LocalDate lastClosed) {
    long trainedTreated = training.stream().filter(UpliftTrainingRow::treated).count();
    long trainedControl = training.size() - trainedTreated;
    if (trainedTreated < UpliftData.MIN_ROWS_PER_ARM
        || trainedControl < UpliftData.MIN_ROWS_PER_ARM) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "decisions before %s: %d sent, %d withheld at random; training needs %d of each",
              heldOutFrom,
              trainedTreated,
              trainedControl,
              UpliftData.MIN_ROWS_PER_ARM));
    }
    long[] counts = new long[4];
    for (UpliftTrainingRow r : heldOut) {
      counts[(r.treated() ? 0 : 2) + (r.goalReached() ? 0 : 1)]++;
    }
    long fewest = Math.min(Math.min(counts[0], counts[1]), Math.min(counts[2], counts[3]));
    if (fewest < UpliftPromotion.MIN_HELD_OUT_OUTCOMES_PER_ARM) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "decisions of %s to %s (held out): sent %d reached the goal, %d did not; withheld %d"
                  + " and %d; judging a model needs %d of each",
              heldOutFrom,
              lastClosed,
              counts[0],
              counts[1],
              counts[2],
              counts[3],
              UpliftPromotion.MIN_HELD_OUT_OUTCOMES_PER_ARM));
    }
    return Optional.empty();
  }

  private String train(
      Slot slot,
      List<UpliftTrainingRow> training,
      List<UpliftTrainingRow> heldOut,
      LocalDate heldOutFrom,
      LocalDate lastClosed,
      Path out)
      throws XGBoostError {
    List<String> names = featureNames(training);
    UpliftData trainingData = data(training, names);
    UpliftData heldOutData = data(heldOut, names);
    UpliftTrainer trainer = new UpliftTrainer(UpliftTrainer.DEFAULT_CONFIG);
    UpliftModel model = trainer.train(LEARNER, trainingData, names, Progress.silent());
    long seed = trainer.config().seed();
    try {
      double[] heldOutScores = model.score(heldOutData.features());
      UpliftMetrics.Evaluation evaluation =
          UpliftMetrics.evaluate(
              LEARNER.id(), heldOutScores, heldOutData, BOOTSTRAP_RESAMPLES, seed);
      UpliftCalibration calibration = UpliftCalibration.fit(heldOutScores, heldOutData);
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("trained_at", clock.instant().toString());
      metadata.put("app_id", slot.appId());
      metadata.put("intervention", slot.intervention());
      metadata.put("outcome_column", "goal_reached");
      Map<String, Object> propensity = new LinkedHashMap<>();
      propensity.put("source", "decision_features.treatment_propensity");
      propensity.put("mean", trainingData.meanPropensity());
      metadata.put("propensity", propensity);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("source", "uplift_training_rows");
      data.put("rows", training.size() + heldOut.size());
      data.put("training_rows", training.size());
      data.put("training_treated", trainingData.treatedCount());
      data.put("training_to", heldOutFrom.minusDays(1).toString());
      data.put("held_out_rows", heldOut.size());
      data.put("held_out_from", heldOutFrom.toString());
      data.put("held_out_to", lastClosed.toString());
      metadata.put("training", data);
      metadata.put("held_out_metrics", UpliftMetrics.manifestEntry(evaluation, heldOutData));
      metadata.put(XgboostEffectModel.CALIBRATION, calibration.manifestEntry());
      liveOnHeldOut(slot, heldOut, heldOutData, seed)
          .ifPresent(live -> metadata.put("live_on_held_out", live));
      FeatureEncoding encoding =
          new FeatureEncoding(
              names.stream().map(n -> new FeatureEncoding.Feature(n, n, null)).toList());
      String version = UpliftModelFiles.write(out, model, encoding, metadata);
      writeCard(out, slot, version, metadata, evaluation, calibration, names);
      return version;
    } finally {
      model.boosters().values().forEach(b -> b.dispose());
    }
  }

  /**
   * The live version's Qini on the candidate's held-out rows, so that the two are compared on the
   * same rows; empty when the slot has no live version or it cannot be loaded.
   */
  private Optional<Map<String, Object>> liveOnHeldOut(
      Slot slot, List<UpliftTrainingRow> heldOut, UpliftData heldOutData, long seed) {
    Optional<String> live = directory.live(slot);
    if (live.isEmpty()) {
      return Optional.empty();
    }
    XgboostEffectModel model;
    try {
      model = XgboostEffectModel.load(directory.version(slot, live.get()));
    } catch (InvalidModelException e) {
      return Optional.empty();
    }
    double[] scores = new double[heldOut.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = model.effect(heldOut.get(i).features());
    }
    UpliftMetrics.Evaluation e = UpliftMetrics.evaluate("live", scores, heldOutData, 0, seed);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", live.get());
    m.put("qini_coefficient", e.qini().value());
    return Optional.of(m);
  }

  /** Every feature any training row has, in the order the rows first name them. */
  private static List<String> featureNames(List<UpliftTrainingRow> rows) {
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(r -> names.addAll(r.features().keySet()));
    return List.copyOf(names);
  }

  /**
   * The rows as the learners take them: missing features NaN; a propensity of 0 or 1 (a policy that
   * randomized nothing) replaced by the rows' treated share.
   */
  private static UpliftData data(List<UpliftTrainingRow> rows, List<String> names) {
    float[][] x = new float[rows.size()][names.size()];
    boolean[] treated = new boolean[rows.size()];
    boolean[] outcome = new boolean[rows.size()];
    double[] propensity = new double[rows.size()];
    double share = rows.stream().filter(UpliftTrainingRow::treated).count() / (double) rows.size();
    for (int i = 0; i < x.length; i++) {
      UpliftTrainingRow r = rows.get(i);
      for (int f = 0; f < names.size(); f++) {
        Double v = r.features().get(names.get(f));
        x[i][f] = v == null ? Float.NaN : v.floatValue();
      }
      treated[i] = r.treated();
      outcome[i] = r.goalReached();
      double p = r.treatmentPropensity();
      propensity[i] = p > 0 && p < 1 ? p : share;
    }
    return new UpliftData(
        x, treated, outcome, propensity, "decision_features.treatment_propensity");
  }

  private static void writeCard(
      Path dir,
      Slot slot,
      String version,
      Map<String, Object> metadata,
      UpliftMetrics.Evaluation e,
      UpliftCalibration calibration,
      List<String> names) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) metadata.get("training");
    String card =
        String.format(
            Locale.ROOT,
            """
            # Model card: uplift %s, %s of app %s

            Trained %s by the learn job (`UpliftModelTraining`): %s on gradient-boosted trees \
            (xgboost4j), estimating per user the effect of sending %s now on the probability of \
            its goal: retention at 14 days (activity in days 8 to 14 after the decision), or \
            conversion within 14 days for a trial or upgrade offer.

            ## Data

            The warehouse view `uplift_training_rows`: decide's randomized marketing decisions \
            with the features it scored them on. Trained on %s rows decided up to %s; evaluated \
            on the %s rows of %s to %s, which it never saw (a time-based holdout).

            Features: `%s`.

            ## Held-out results

            Qini coefficient %+.4f, 95 %% interval [%+.4f, %+.4f] (%d bootstrap resamples); AUUC \
            %.4f against random targeting's %.4f; average effect of sending to everyone %+.4f.

            ## Calibration (what decide serves)

            decide serves a score as its bin's calibrated uplift, with the bin's calibrated \
            standard error as the prediction's spread. Bins: held-out score quantiles, each with at \
            least %d sent and %d withheld rows; realized uplift weighted by inverse propensity; \
            calibrated: shrunk toward the held-out average effect by how much the bins differ \
            beyond their noise, then made monotone in the score (pool-adjacent-violators weighted \
            by inverse variance). One row: the scores did not separate users on new rows, and \
            every user is served the held-out average effect.

            | score from | score to | sent | withheld | realized uplift ± se | calibrated ± se |
            |---:|---:|---:|---:|---:|---:|
            %s""",
            version,
            slot.intervention(),
            slot.appId(),
            metadata.get("trained_at"),
            LEARNER.id(),
            slot.intervention().equals(POOLED)
                ? "each of the app's interventions (one pooled model, the intervention a feature)"
                : "`" + slot.intervention() + "`",
            data.get("training_rows"),
            data.get("training_to"),
            data.get("held_out_rows"),
            data.get("held_out_from"),
            data.get("held_out_to"),
            String.join("`, `", names),
            e.qini().value(),
            e.qini().lower(),
            e.qini().upper(),
            BOOTSTRAP_RESAMPLES,
            e.auuc().value(),
            e.randomAuuc(),
            e.ate(),
            UpliftCalibration.MIN_ROWS_PER_ARM_PER_BIN,
            UpliftCalibration.MIN_ROWS_PER_ARM_PER_BIN,
            calibrationTable(calibration));
    try {
      Files.writeString(dir.resolve("MODEL_CARD.md"), card);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the model card in " + dir, ex);
    }
  }

  /** The calibration's bins as rows of the card's table. */
  static String calibrationTable(UpliftCalibration calibration) {
    StringBuilder rows = new StringBuilder();
    for (UpliftCalibration.Bin b : calibration.bins()) {
      rows.append(
          String.format(
              Locale.ROOT,
              "| %+.4f | %+.4f | %d | %d | %+.4f ± %.4f | %+.4f ± %.4f |%n",
              b.lowestScore(),
              b.highestScore(),
              b.treated(),
              b.control(),
              b.realized(),
              b.standardError(),
              b.calibrated(),
              b.calibratedStandardError()));
    }
    return rows.toString();
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
