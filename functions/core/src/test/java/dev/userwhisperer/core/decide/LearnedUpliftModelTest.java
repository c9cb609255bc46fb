package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.learn.UpliftEstimator;
import dev.userwhisperer.core.learn.UpliftGoal;
import dev.userwhisperer.core.port.ArmOutcomes;
import dev.userwhisperer.core.port.UpliftCell;
import dev.userwhisperer.core.port.UpliftTable;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedUpliftModelTest {
  private static final UpliftModel PRIOR = (intervention, profile) -> 0.03;
  private static final Profile DORMANT =
      Profiles.user("u1").app("a1").lifecycle(LifecycleStage.DORMANT).build();

  private static final UpliftCell WINBACK_DORMANT =
      new UpliftCell(
          "a1",
          "winback",
          "DORMANT",
          new ArmOutcomes(10_000, 2_500, 0),
          new ArmOutcomes(1_000, 150, 0));

  private final LearnedUpliftModel model =
      new LearnedUpliftModel(
          new UpliftTable(Instant.EPOCH, List.of(WINBACK_DORMANT)), PRIOR, UpliftEstimator.DEFAULT);

  @Test
  void aUserInACellWithDataGetsTheCellsEstimateWithTheirPrior() {
    assertThat(model.uplift("winback", DORMANT))
        .isEqualTo(
            UpliftEstimator.DEFAULT
                .estimate(
                    WINBACK_DORMANT.treated(),
                    WINBACK_DORMANT.control(),
                    UpliftGoal.RETENTION,
                    0.03)
                .uplift())
        .isBetween(0.09, 0.10);
  }

  @Test
  void anotherStageInterventionOrAppFallsBackToThePrior() {
    Profile atRisk = Profiles.user("u1").app("a1").lifecycle(LifecycleStage.AT_RISK).build();
    Profile otherApp = Profiles.user("u1").app("a2").lifecycle(LifecycleStage.DORMANT).build();

    assertThat(model.uplift("winback", atRisk)).isEqualTo(0.03);
    assertThat(model.uplift("churn_save", DORMANT)).isEqualTo(0.03);
    assertThat(model.uplift("winback", otherApp)).isEqualTo(0.03);
  }

  @Test
  void thePriorIsAskedPerUser() {
    UpliftModel byChurn = (intervention, profile) -> profile.userId().equals("u1") ? 0.05 : -0.05;
    LearnedUpliftModel empty =
        new LearnedUpliftModel(UpliftTable.EMPTY, byChurn, UpliftEstimator.DEFAULT);

    assertThat(empty.uplift("winback", DORMANT)).isEqualTo(0.05);
    assertThat(empty.uplift("winback", Profiles.user("u2").app("a1").build())).isEqualTo(-0.05);
  }

  @Test
  void aTrialReminderIsJudgedByConversionsNotByActivity() {
    Profile engaged = Profiles.user("u1").app("a1").lifecycle(LifecycleStage.ENGAGED).build();
    UpliftCell sameActivityMoreConversions =
        new UpliftCell(
            "a1",
            "trial_ending",
            "ENGAGED",
            new ArmOutcomes(5_000, 4_500, 2_500),
            new ArmOutcomes(500, 450, 200));
    UpliftCell winbackWithTheSameCounts =
        new UpliftCell(
            "a1",
            "winback",
            "ENGAGED",
            sameActivityMoreConversions.treated(),
            sameActivityMoreConversions.control());
    LearnedUpliftModel learned =
        new LearnedUpliftModel(
            new UpliftTable(
                Instant.EPOCH, List.of(sameActivityMoreConversions, winbackWithTheSameCounts)),
            (intervention, profile) -> 0.0,
            UpliftEstimator.DEFAULT);

    assertThat(learned.uplift("trial_ending", engaged)).isBetween(0.08, 0.10);
    assertThat(learned.uplift("winback", engaged)).isCloseTo(0.0, within(0.005));
  }
}
