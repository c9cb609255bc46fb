package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the per-user posterior does to decide's choices: the same prediction for every user, moved
 * by each user's own readings, sends to the users messages help and stops sending (exploration
 * included) to the users they push away.
 */
class OwnEvidenceDecisionTest {
  /**
   * Every winback predicted +3 points; the app's readings: mean 0, noise 0.2, spread 0.02 (k = 10).
   */
  private static final UpliftModel PREDICTION =
      new UpliftModel() {
        @Override
        public double uplift(String interventionId, Profile profile) {
          return 0.03;
        }

        @Override
        public EffectSpread spread(String appId) {
          return new EffectSpread(0, 0.2, 0.02, 500);
        }
      };

  private static final DecisionPolicy POLICY =
      DecisionPolicy.DEFAULTS
          .withHoldoutPercent(0)
          .withExplorationPercent(0)
          .withSendTimeOptimised(false)
          .withGatedExplorationPercent(20);

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();
  private final Decider decider =
      new Decider(
          profiles,
          log,
          new InMemoryWarehouse(),
          new InMemoryArmStatistics(),
          new InterventionCatalog(),
          new PersonalUplift(PREDICTION, TreatmentEffectModels.NONE, LifecycleThresholds.DEFAULTS),
          POLICY);

  /** Decides a win-back for {@code users} users who each carry {@code own} as their readings. */
  private List<Decision> winbacks(String prefix, MessageEffect own, int users) {
    List<Decision> out = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String user = prefix + u;
      profiles.put(
          Profiles.user(user)
              .email(user + "@example.com")
              .responsiveness(new Responsiveness(Map.of(), List.of(), 0, own))
              .build());
      Signal s =
          new Signal(
              Signal.VERSION,
              prefix + "s" + u,
              "app1",
              user,
              SignalType.INACTIVE,
              Profiles.T0,
              Map.of());
      decider.apply(s);
      out.add(log.find("app1", Ids.decisionOf(s)).orElseThrow());
    }
    return out;
  }

  @Test
  void usersWhomMessagesHelpAreSentWhatHelps() {
    // ten readings 0.3 above the app's: +3 points + 10 / 20 · 0.3
    List<Decision> helped = winbacks("h", new MessageEffect(10, 3.0), 50);

    assertThat(helped).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.SEND));
    assertThat(helped.get(0).candidates().get(0).uplift()).isEqualTo(0.03 + 0.5 * 0.3);
  }

  @Test
  void usersWhomMessagesPushAwayGetNoMarketingMessageNotEvenAtRandom() {
    // forty readings 0.3 below the app's: +3 − 40 / 50 · 30 = −21 points, posterior sd
    // 1 / √(1 / 0.02 + 40 / 0.2) = 6.3 points, so the interval's upper end −8.6 points is below 0
    List<Decision> pushedAway = winbacks("p", new MessageEffect(40, -12.0), 200);

    assertThat(pushedAway)
        .allSatisfy(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
              assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
            });
  }

  @Test
  void fewerReadingsOfTheSameHarmStopTheMessagesButNotTheRandomizedOnes() {
    // ten readings 0.3 below: −12 points, but the upper end −12 + 1.96 · 10 is above 0
    List<Decision> tenReadings = winbacks("t", new MessageEffect(10, -3.0), 200);

    assertThat(tenReadings)
        .allSatisfy(
            d -> assertThat(d.reason()).isIn(DecisionReason.NO_UPLIFT, DecisionReason.EXPLORED));
    assertThat(tenReadings.stream().filter(d -> d.outcome() == Outcome.SEND).count())
        .isBetween(20L, 60L);
  }

  @Test
  void usersWhomMessagesDoNotMoveAreNotSentOnTheirOwnButStayExplorable() {
    // ten readings 0.08 below the app's: the prediction falls to −1 point, not confidently harmful
    List<Decision> unmoved = winbacks("u", new MessageEffect(10, -0.8), 200);

    long explored = unmoved.stream().filter(d -> d.outcome() == Outcome.SEND).count();
    assertThat(unmoved).allSatisfy(d -> assertThat(d.candidates().get(0).uplift()).isLessThan(0));
    assertThat(explored).isBetween(20L, 60L);
    assertThat(unmoved.stream().filter(d -> d.outcome() == Outcome.SEND))
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DecisionReason.EXPLORED));
  }
}
