package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.TreatmentEffectModels.EffectModel;
import dev.userwhisperer.core.port.TreatmentEffectModels.Prediction;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.profile.Responsiveness.PendingSend;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PersonalUpliftTest {
  private static final Instant NOW = Profiles.T0;
  private static final Duration WINDOW = Duration.ofHours(72);

  /** A model whose effect is the user's sessions_28d feature times a slope, recording its input. */
  private static final class SlopeModel implements EffectModel {
    final List<Map<String, Double>> seen = new ArrayList<>();
    final double slope;

    SlopeModel(double slope) {
      this.slope = slope;
    }

    @Override
    public String version() {
      return "m-1";
    }

    @Override
    public double effect(Map<String, Double> features) {
      seen.add(features);
      return slope * features.get("sessions_28d");
    }
  }

  private static TreatmentEffectModels only(String intervention, EffectModel model) {
    return (app, name) -> name.equals(intervention) ? Optional.of(model) : Optional.empty();
  }

  private static PersonalUplift personal(TreatmentEffectModels models) {
    return new PersonalUplift(new PriorUpliftModel(), models, LifecycleThresholds.DEFAULTS);
  }

  @Test
  void withoutAModelThePriorsDecideAndSaySo() {
    PredictedEffect e =
        personal(TreatmentEffectModels.NONE).predict("winback", Profiles.user("u1").build(), NOW);

    // the prior states no spread; the user's own part is the assumed 5-point spread of users
    assertThat(e).isEqualTo(new PredictedEffect(0.02, 0, 0.05, PredictedEffect.Source.PRIOR, null));
  }

  @Test
  void aPromotedModelScoresTheUsersFeaturesAsOfTheDecisionAndNamesItsVersion() {
    SlopeModel model = new SlopeModel(-0.01);

    PredictedEffect e =
        personal(only("winback", model)).predict("winback", Profiles.user("u1").build(), NOW);

    assertThat(e.source()).isEqualTo(PredictedEffect.Source.MODEL);
    assertThat(e.modelVersion()).isEqualTo("m-1");
    assertThat(e.uplift()).isEqualTo(0.0);
    assertThat(model.seen)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsKeys(
                        "sessions_28d", "own_messages", "own_message_lift", "days_since_active"));
  }

  @Test
  void aCalibratedModelServesItsBinsValueWithTheBinsStandardErrorAndLogsTheRawScore() {
    EffectModel calibrated = calibrated(0.31, 0.03, 0.012);

    PredictedEffect e =
        personal(only("winback", calibrated)).predict("winback", Profiles.user("u1").build(), NOW);

    assertThat(e.source()).isEqualTo(PredictedEffect.Source.MODEL);
    assertThat(e.uplift()).isEqualTo(0.03);
    assertThat(e.standardDeviation()).isEqualTo(0.012);
    assertThat(e.rawScore()).isEqualTo(0.31);
  }

  @Test
  void aCalibratedBinsTinyStandardErrorIsServedAtTheOnePointFloor() {
    PredictedEffect e =
        personal(only("winback", calibrated(0.2, 0.03, 0.001)))
            .predict("winback", Profiles.user("u1").build(), NOW);

    assertThat(e.standardDeviation()).isEqualTo(PersonalUplift.MIN_CALIBRATED_STANDARD_ERROR);
  }

  @Test
  void aModelWithoutACalibrationServesItsScoreWithTheUsersSpreadAsBefore() {
    PredictedEffect e =
        personal(only("winback", constant(0.04)))
            .predict("winback", Profiles.user("u1").build(), NOW);

    assertThat(e.uplift()).isEqualTo(0.04);
    assertThat(e.standardDeviation()).isEqualTo(0.05);
    assertThat(e.rawScore()).isEqualTo(0.04);
  }

  @Test
  void anotherInterventionWithoutAModelKeepsItsPrior() {
    PredictedEffect e =
        personal(only("winback", new SlopeModel(0.1)))
            .predict("feature_tip", Profiles.user("u1").build(), NOW);

    assertThat(e.source()).isEqualTo(PredictedEffect.Source.PRIOR);
  }

  @Test
  void aUserWhoseReadingsAreTheAppsAverageKeepsTheModelsPrediction() {
    Profile average = withEvidence(new MessageEffect(30, 0.0));

    double e = personal(only("winback", constant(0.05))).predict("winback", average, NOW).uplift();

    assertThat(e).isEqualTo(0.05);
  }

  @Test
  void aUserWhoseActivityFallsAfterMessagesEndsWithANegativeEffect() {
    Profile pushedAway = withEvidence(new MessageEffect(10, -6.0));

    double e =
        personal(only("winback", constant(0.05))).predict("winback", pushedAway, NOW).uplift();

    assertThat(e).isNegative();
  }

  @Test
  void withoutAModelThePriorMovesByTheUsersReadingsAtTheAssumedWeightAndStillSaysPrior() {
    PredictedEffect e =
        personal(TreatmentEffectModels.NONE)
            .predict("winback", withEvidence(new MessageEffect(5, -4.0)), NOW);

    assertThat(e.source()).isEqualTo(PredictedEffect.Source.PRIOR);
    assertThat(e.uplift()).isCloseTo(0.02 + 5.0 / 105 * -0.8, offset(1e-12));
  }

  @Test
  void theAppsLearnedSpreadSetsHowFarAUsersReadingsFromTheAppsMeanMoveThem() {
    // readings spread 0.1² between users around a mean of −0.1, with noise 0.2 per reading: k = 2
    EffectSpread learned = new EffectSpread(-0.1, 0.2, 0.1, 400);
    UpliftModel fallback =
        new UpliftModel() {
          @Override
          public double uplift(String interventionId, Profile profile) {
            return 0.02;
          }

          @Override
          public EffectSpread spread(String appId) {
            return learned;
          }
        };
    PersonalUplift personal =
        new PersonalUplift(fallback, TreatmentEffectModels.NONE, LifecycleThresholds.DEFAULTS);

    double atTheMean =
        personal.predict("winback", withEvidence(new MessageEffect(4, -0.4)), NOW).uplift();
    double below =
        personal.predict("winback", withEvidence(new MessageEffect(2, -1.0)), NOW).uplift();

    assertThat(atTheMean).isCloseTo(0.02, offset(1e-12));
    assertThat(below).isCloseTo(0.02 + 2.0 / 4 * (-0.5 + 0.1), offset(1e-12));
    assertThat(personal.spread("a1")).isEqualTo(learned);
  }

  @Test
  void whereTheAppsReadingsShowNoSpreadNoUserMovesFromThePrediction() {
    UpliftModel fallback =
        new UpliftModel() {
          @Override
          public double uplift(String interventionId, Profile profile) {
            return 0.02;
          }

          @Override
          public EffectSpread spread(String appId) {
            return new EffectSpread(0, 0.2, 0, 400);
          }
        };

    double e =
        new PersonalUplift(fallback, TreatmentEffectModels.NONE, LifecycleThresholds.DEFAULTS)
            .predict("winback", withEvidence(new MessageEffect(10, -8.0)), NOW)
            .uplift();

    assertThat(e).isEqualTo(0.02);
  }

  @Test
  void aModelThatCannotScoreLeavesTheDecisionToTheFallback() {
    PredictedEffect e =
        personal(only("winback", constant(Double.NaN)))
            .predict("winback", Profiles.user("u1").build(), NOW);

    assertThat(e.source()).isEqualTo(PredictedEffect.Source.PRIOR);
  }

  @Test
  void settledMessagesAddWhatTheUsersActivityDidAgainstTheirExpectation() {
    Instant sent = NOW;
    Responsiveness r =
        Responsiveness.NONE
            .withPending(new PendingSend("m1", Channel.EMAIL, 12, sent, 0.4))
            .withPending(new PendingSend("m2", Channel.EMAIL, 13, sent.plusSeconds(3600), 0.4))
            .withPending(new PendingSend("m3", Channel.EMAIL, 14, sent.plusSeconds(7200)));

    Responsiveness active = r.activeAt(sent.plusSeconds(1800), WINDOW);
    Responsiveness settled = active.settleExpired(sent.plus(Duration.ofDays(5)), WINDOW).next();

    assertThat(settled.effect().messages()).isEqualTo(2);
    assertThat(settled.effect().lift())
        .isCloseTo((1 - 0.4) + (0 - 0.4), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(settled.effect().squares()).isCloseTo(0.6 * 0.6 + 0.4 * 0.4, offset(1e-12));
    assertThat(settled.pending()).isEmpty();
  }

  /** A model that scores everyone {@code score}, calibrated to {@code effect} ± {@code se}. */
  private static EffectModel calibrated(double score, double effect, double se) {
    return new EffectModel() {
      @Override
      public String version() {
        return "cal-1";
      }

      @Override
      public double effect(Map<String, Double> features) {
        return score;
      }

      @Override
      public Prediction predict(Map<String, Double> features) {
        return new Prediction(score, effect, se);
      }
    };
  }

  private static EffectModel constant(double value) {
    return new EffectModel() {
      @Override
      public String version() {
        return "c-1";
      }

      @Override
      public double effect(Map<String, Double> features) {
        return value;
      }
    };
  }

  private static Profile withEvidence(MessageEffect effect) {
    return Profiles.user("u1")
        .responsiveness(new Responsiveness(Map.of(), List.of(), 0, effect))
        .build();
  }
}
