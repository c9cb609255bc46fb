package dev.userwhisperer.models.effect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.TreatmentEffectModels.Prediction;
import dev.userwhisperer.core.port.UpliftTrainingRow;
import dev.userwhisperer.core.port.UpliftTrainingSource;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import dev.userwhisperer.models.uplift.UpliftCalibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class UpliftModelTrainingTest {
  private static final Slot WINBACK = new Slot("app1", "winback");
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;

  /**
   * Decisions spread over the 60 closed days before the clock's: a message takes the goal from 0.3
   * to 0.6 for users with more than 5 sessions and to 0.1 for the rest; 85 % are sent.
   */
  static List<UpliftTrainingRow> campaign(int n, long seed) {
    Random random = new Random(seed);
    LocalDate lastClosed = LocalDate.of(2026, 11, 22);
    List<UpliftTrainingRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double sessions = random.nextInt(10);
      boolean treated = random.nextDouble() < 0.85;
      double p = treated ? (sessions > 5 ? 0.6 : 0.1) : 0.3;
      rows.add(
          new UpliftTrainingRow(
              "app1",
              "winback",
              String.format("d%06d", i),
              lastClosed.minusDays(random.nextInt(60)),
              treated,
              0.855,
              random.nextDouble() < p,
              Map.of("sessions_28d", sessions, "noise", (double) random.nextInt(100))));
    }
    return rows;
  }

  private UpliftModelTraining training(UpliftTrainingSource source) {
    ModelDirectory directory = new FileModelDirectory(root);
    return new UpliftModelTraining(source, directory, new UpliftPromotion(directory, CLOCK), CLOCK);
  }

  @Test
  void aModelLearnedFromRandomizedDecisionsIsJudgedOnTheLastTwoWeeksAndGoesLive() {
    List<UpliftTrainingRow> rows = campaign(6_000, 1);
    List<LocalDate> asked = new ArrayList<>();

    List<UpliftModelTraining.Attempt> attempts =
        training(
                last -> {
                  asked.add(last);
                  return rows;
                })
            .run();

    assertThat(asked).containsExactly(LocalDate.of(2026, 11, 22));
    assertThat(attempts).hasSize(1);
    UpliftModelTraining.Attempt a = attempts.get(0);
    assertThat(a.status()).isEqualTo("trained");
    assertThat(a.promoted()).as(a.detail()).isTrue();
    ModelDirectory directory = new FileModelDirectory(root);
    assertThat(directory.live(WINBACK)).contains(a.version());
    JsonNode manifest = UpliftPromotion.manifest(directory.version(WINBACK, a.version()));
    assertThat(manifest.path("training").path("held_out_from").asString()).isEqualTo("2026-11-09");
    assertThat(manifest.path("held_out_metrics").path("qini_coefficient_95").path(0).asDouble())
        .isPositive();
    XgboostEffectModel model = XgboostEffectModel.load(directory.version(WINBACK, a.version()));
    assertThat(model.effect(Map.of("sessions_28d", 8.0, "noise", 50.0))).isGreaterThan(0.1);
    assertThat(model.effect(Map.of("sessions_28d", 2.0, "noise", 50.0))).isLessThan(-0.1);
    assertThat(Json.tree(directory.lastTraining(WINBACK).orElseThrow()).path("reason").asString())
        .isEqualTo("promoted");
  }

  @Test
  void theTrainedModelCarriesItsHeldOutCalibrationAndServesABinsValueWithItsStandardError()
      throws Exception {
    List<UpliftTrainingRow> rows = campaign(6_000, 1);

    UpliftModelTraining.Attempt a = training(last -> rows).run().get(0);

    Path version = new FileModelDirectory(root).version(WINBACK, a.version());
    JsonNode bins = UpliftPromotion.manifest(version).path("calibration").path("bins");
    assertThat(bins.size()).isBetween(2, UpliftCalibration.MAX_BINS);
    String card = Files.readString(version.resolve("MODEL_CARD.md"));
    assertThat(card)
        .contains("## Calibration (what decide serves)")
        .contains("| score from | score to | sent | withheld | realized uplift ± se |");
    assertThat(card.lines().filter(l -> l.matches("\\| [-+]\\d.*± .*± .*\\|")))
        .hasSize(bins.size());
    XgboostEffectModel model = XgboostEffectModel.load(version);
    Prediction engaged = model.predict(Map.of("sessions_28d", 8.0, "noise", 50.0));
    Prediction lapsed = model.predict(Map.of("sessions_28d", 2.0, "noise", 50.0));
    assertThat(engaged.effect()).isGreaterThan(0.1);
    assertThat(lapsed.effect()).isLessThan(-0.05);
    JsonNode top = bins.get(bins.size() - 1);
    assertThat(engaged.effect()).isEqualTo(top.path("calibrated_uplift").asDouble());
    assertThat(engaged.standardError())
        .isEqualTo(top.path("calibrated_standard_error").asDouble())
        .isPositive();
    assertThat(engaged.score()).isEqualTo(model.effect(Map.of("sessions_28d", 8.0, "noise", 50.0)));
  }

  /**
   * A message adds 3 points to everyone's goal and the features are noise: the scores do not
   * separate users on the held-out days, so every user is served the held-out average effect, and
   * the gate (effect above 0) lets all of them through.
   */
  @Test
  void aConstantEffectOnNoiseFeaturesIsServedAsAboutThreePointsToEveryUser() {
    Random random = new Random(11);
    LocalDate lastClosed = LocalDate.of(2026, 11, 22);
    List<UpliftTrainingRow> rows = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      boolean treated = random.nextBoolean();
      rows.add(
          new UpliftTrainingRow(
              "app1",
              "winback",
              String.format("d%06d", i),
              lastClosed.minusDays(random.nextInt(60)),
              treated,
              0.5,
              random.nextDouble() < (treated ? 0.53 : 0.5),
              Map.of(
                  "sessions_28d", (double) random.nextInt(10),
                  "noise", (double) random.nextInt(100))));
    }

    UpliftModelTraining.Attempt a = training(last -> rows).run().get(0);

    XgboostEffectModel model =
        XgboostEffectModel.load(new FileModelDirectory(root).version(WINBACK, a.version()));
    Random users = new Random(12);
    for (int u = 0; u < 200; u++) {
      Prediction p =
          model.predict(
              Map.of(
                  "sessions_28d", (double) users.nextInt(10),
                  "noise", (double) users.nextInt(100)));
      assertThat(p.effect()).as("user %d, score %s", u, p.score()).isBetween(0.01, 0.05);
      assertThat(p.standardError()).isBetween(0.005, 0.03);
    }
  }

  @Test
  void aRerunOnTheSameWarehouseTrainsTheSameVersionAndKeepsItLive() {
    List<UpliftTrainingRow> rows = campaign(3_000, 2);
    UpliftModelTraining.Attempt first = training(last -> rows).run().get(0);
    UpliftModelTraining.Attempt second = training(last -> rows).run().get(0);

    assertThat(second.version()).isEqualTo(first.version());
    assertThat(second.verdict().reason()).isEqualTo("live");
  }

  @Test
  void aBetterModelMustBeatTheLiveOneOnTheSameHeldOutRows() {
    List<UpliftTrainingRow> rows = campaign(3_000, 3);
    UpliftModelTraining.Attempt first = training(last -> rows).run().get(0);
    List<UpliftTrainingRow> more = new ArrayList<>(rows);
    more.addAll(
        campaign(600, 4).stream()
            .map(
                r ->
                    new UpliftTrainingRow(
                        r.appId(),
                        r.intervention(),
                        "x" + r.decisionId(),
                        r.decisionDate(),
                        r.treated(),
                        r.treatmentPropensity(),
                        r.goalReached(),
                        r.features()))
            .toList());

    UpliftModelTraining.Attempt second = training(last -> more).run().get(0);

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(second.detail()).contains("on the same held-out rows");
    JsonNode manifest =
        UpliftPromotion.manifest(new FileModelDirectory(root).version(WINBACK, second.version()));
    assertThat(manifest.path("live_on_held_out").path("version").asString())
        .isEqualTo(first.version());
  }

  @Test
  void aPooledModelLearnsFromInterventionsTooSmallAloneAndScoresEachByItsOwnEffect() {
    Random random = new Random(6);
    LocalDate lastClosed = LocalDate.of(2026, 11, 22);
    List<UpliftTrainingRow> rows = new ArrayList<>();
    for (String intervention : List.of("winback", "feature_tip")) {
      for (int i = 0; i < 260; i++) {
        double sessions = random.nextInt(10);
        boolean treated = random.nextBoolean();
        boolean helps = (sessions > 5) == intervention.equals("winback");
        double p = treated ? (helps ? 0.9 : 0.1) : 0.5;
        rows.add(
            new UpliftTrainingRow(
                "app1",
                intervention,
                intervention + i,
                lastClosed.minusDays(random.nextInt(60)),
                treated,
                0.5,
                random.nextDouble() < p,
                Map.of("sessions_28d", sessions)));
      }
    }

    List<UpliftModelTraining.Attempt> attempts = training(last -> rows).run();

    assertThat(attempts)
        .extracting(a -> a.slot().intervention() + ":" + a.status())
        .containsExactly(
            "winback:not_enough_data", "feature_tip:not_enough_data", "pooled:trained");
    UpliftModelTraining.Attempt pooled = attempts.get(2);
    assertThat(pooled.promoted()).as(pooled.detail()).isTrue();
    XgboostTreatmentEffectModels models =
        new XgboostTreatmentEffectModels(new FileModelDirectory(root));
    models.refresh();
    var winback = models.find("app1", "winback").orElseThrow();
    var tip = models.find("app1", "feature_tip").orElseThrow();
    assertThat(winback.version()).isEqualTo(pooled.version());
    assertThat(winback.effect(Map.of("sessions_28d", 8.0))).isGreaterThan(0.1);
    assertThat(winback.effect(Map.of("sessions_28d", 2.0))).isLessThan(-0.1);
    assertThat(tip.effect(Map.of("sessions_28d", 8.0))).isLessThan(-0.1);
    assertThat(tip.effect(Map.of("sessions_28d", 2.0))).isGreaterThan(0.1);
    assertThat(models.find("app1", "trial_ending")).isEmpty();
  }

  @Test
  void tooFewRandomizedDecisionsTrainNothingAndSayWhy() {
    List<UpliftTrainingRow> rows = campaign(150, 5);

    UpliftModelTraining.Attempt a = training(last -> rows).run().get(0);

    assertThat(a.status()).isEqualTo("not_enough_data");
    assertThat(a.detail()).contains("training needs 100 of each");
    ModelDirectory directory = new FileModelDirectory(root);
    assertThat(directory.versions(WINBACK)).isEmpty();
    assertThat(directory.live(WINBACK)).isEmpty();
    assertThat(Json.tree(directory.lastTraining(WINBACK).orElseThrow()).path("status").asString())
        .isEqualTo("not_enough_data");
  }
}
