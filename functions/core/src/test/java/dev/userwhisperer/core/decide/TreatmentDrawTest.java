package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfig.InterventionSettings;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.EffectSpread;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The uplift gate and the randomized arms on both sides of it, under draws the test sets: which
 * decisions are sent, withheld or explored, the propensity each logs, and the training row each
 * keeps.
 */
class TreatmentDrawTest {
  /** Noon in the user's (UTC) day: no quiet hours. */
  private static final Instant NOON = Profiles.T0;

  private static final DecisionPolicy POLICY =
      DecisionPolicy.DEFAULTS
          .withHoldoutPercent(10)
          .withExplorationPercent(5)
          .withGatedExplorationPercent(5)
          .withSendTimeOptimised(false);

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();

  /** Draws fixed by the test: the user's holdout bucket and every decision's exploration draw. */
  private record Fixed(int holdout, int exploration) implements RandomDraws {
    @Override
    public int holdout(String appId, String userId) {
      return holdout;
    }

    @Override
    public int exploration(String decisionId) {
      return exploration;
    }
  }

  private static final int NOT_HELD_OUT = 50;
  private static final int HELD_OUT = 3;

  private Decision decide(double effect, Fixed draws) {
    return decide(effect, draws, POLICY, RecentAppConfigs.none(), user().build(), NOON);
  }

  private Decision decide(
      double effect,
      Fixed draws,
      DecisionPolicy policy,
      Function<String, AppConfig> configs,
      Profile user,
      Instant at) {
    profiles.put(user);
    Decider decider =
        new Decider(
            profiles,
            log,
            warehouse,
            new InMemoryArmStatistics(),
            new InterventionCatalog(),
            (name, p) -> effect,
            policy,
            configs,
            draws);
    Signal s =
        new Signal(
            Signal.VERSION, "s-" + at, "app1", user.userId(), SignalType.INACTIVE, at, Map.of());
    decider.apply(s);
    return log.find("app1", Ids.decisionOf(s)).orElseThrow();
  }

  private static Profiles user() {
    return Profiles.user("u1").email("u1@example.com");
  }

  private Optional<Map<String, Object>> trainingRow() {
    List<Map<String, Object>> rows = warehouse.rows(Table.DECISION_FEATURES);
    assertThat(rows).hasSizeLessThanOrEqualTo(1);
    return rows.stream().findFirst();
  }

  private void assertRow(boolean treated, double probability) {
    Map<String, Object> row = trainingRow().orElseThrow();
    assertThat(row).containsEntry("treated", treated);
    assertThat((Double) row.get("treatment_propensity")).isCloseTo(probability, within(1e-12));
  }

  @Test
  void anOpenDecisionOutsideTheDrawsIsSentWithTheComplementOfTheExplorationShare() {
    Decision d = decide(0.05, new Fixed(NOT_HELD_OUT, 60));

    assertThat(d.reason()).isEqualTo(DecisionReason.ELIGIBLE);
    assertThat(d.propensity()).isCloseTo(0.95 * d.variantPropensity(), within(1e-12));
    assertRow(true, 0.9 * 0.95);
  }

  @Test
  void anOpenDecisionDrawnForExplorationIsWithheldWithItsShareAsPropensity() {
    Decision d = decide(0.05, new Fixed(NOT_HELD_OUT, 4));

    assertThat(d.reason()).isEqualTo(DecisionReason.EXPLORATION);
    assertThat(d.propensity()).isEqualTo(0.05);
    assertRow(false, 0.9 * 0.95);
  }

  @Test
  void anOpenDecisionOfAHeldOutUserIsAControlOfTheSameProbability() {
    Decision d = decide(0.05, new Fixed(HELD_OUT, 60));

    assertThat(d.reason()).isEqualTo(DecisionReason.HOLDOUT);
    assertRow(false, 0.9 * 0.95);
  }

  @Test
  void aGatedDecisionDrawnForExplorationIsSentNowAsExplored() {
    Decision d = decide(-0.02, new Fixed(NOT_HELD_OUT, 4));

    assertThat(d.outcome()).isEqualTo(Outcome.SEND);
    assertThat(d.reason()).isEqualTo(DecisionReason.EXPLORED);
    assertThat(d.sendAt()).isEqualTo(NOON);
    assertThat(d.channel()).isEqualTo(Channel.EMAIL);
    assertThat(d.propensity()).isCloseTo(0.05 * d.variantPropensity(), within(1e-12));
    assertThat(d.candidates().get(0).uplift()).isEqualTo(-0.02);
    assertRow(true, 0.9 * 0.05);
  }

  @Test
  void aGatedDecisionOutsideTheDrawIsNotSentAndKeptAsAControl() {
    Decision d = decide(-0.02, new Fixed(NOT_HELD_OUT, 5));

    assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
    assertThat(d.propensity()).isCloseTo(0.95, within(1e-12));
    assertRow(false, 0.9 * 0.05);
  }

  @Test
  void aGatedDecisionDrawnForAHeldOutUserIsHeldOut() {
    Decision d = decide(-0.02, new Fixed(HELD_OUT, 4));

    assertThat(d.reason()).isEqualTo(DecisionReason.HOLDOUT);
    assertThat(d.propensity()).isEqualTo(0.05);
    assertRow(false, 0.9 * 0.05);
  }

  @Test
  void aUserWhoUnsubscribedFromAnyChannelIsNeverExplored() {
    Profile unsubscribedFromPush = user().pushToken("token-1").unsubscribed(Channel.PUSH).build();

    Decision d =
        decide(
            -0.02,
            new Fixed(NOT_HELD_OUT, 0),
            POLICY,
            RecentAppConfigs.none(),
            unsubscribedFromPush,
            NOON);

    assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
    assertThat(d.propensity()).isEqualTo(1.0);
    assertThat(trainingRow()).isEmpty();
  }

  @Test
  void aUserPredictedHarmedWithConfidenceIsNeverExplored() {
    Decision d = decide(-0.15, new Fixed(NOT_HELD_OUT, 0));

    assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
    assertThat(d.propensity()).isEqualTo(1.0);
    assertThat(trainingRow()).isEmpty();
  }

  @Test
  void theFrequencyCapStillAppliesToExploration() {
    decide(0.05, new Fixed(NOT_HELD_OUT, 60));
    int rowsBefore = warehouse.rows(Table.DECISION_FEATURES).size();

    Decision d =
        decide(
            -0.02,
            new Fixed(NOT_HELD_OUT, 0),
            POLICY,
            RecentAppConfigs.none(),
            profiles.find("app1", "u1").orElseThrow(),
            NOON.plus(Duration.ofHours(2)));

    assertThat(d.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP);
    assertThat(warehouse.rows(Table.DECISION_FEATURES)).hasSize(rowsBefore);
  }

  @Test
  void noExplorationInTheUsersQuietHoursSinceAnExploredMessageGoesNow() {
    Instant night = Instant.parse("2026-01-05T23:00:00Z");

    Decision d =
        decide(
            -0.02,
            new Fixed(NOT_HELD_OUT, 0),
            POLICY,
            RecentAppConfigs.none(),
            user().build(),
            night);

    assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
    assertThat(trainingRow()).isEmpty();
  }

  @Test
  void anAppSetsItsOwnGatedSharePerIntervention() {
    Function<String, AppConfig> twenty = app -> withGatedShare(app, 20);

    Decision d = decide(-0.02, new Fixed(NOT_HELD_OUT, 12), POLICY, twenty, user().build(), NOON);

    assertThat(d.reason()).isEqualTo(DecisionReason.EXPLORED);
    assertRow(true, 0.9 * 0.2);
  }

  @Test
  void anAppThatSetsNoGatedShareIsNeverExplored() {
    Function<String, AppConfig> none = app -> withGatedShare(app, 0);

    Decision d = decide(-0.02, new Fixed(NOT_HELD_OUT, 0), POLICY, none, user().build(), NOON);

    assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT);
    assertThat(trainingRow()).isEmpty();
  }

  @Test
  void anExploredMessageTakesTheCheapestChannel() {
    Profile emailAndSms = user().phone("+34600000001").consent(Channel.SMS, true).build();

    Decision d =
        decide(
            -0.02, new Fixed(NOT_HELD_OUT, 0), POLICY, RecentAppConfigs.none(), emailAndSms, NOON);

    assertThat(d.reason()).isEqualTo(DecisionReason.EXPLORED);
    assertThat(d.channels()).containsExactly(Channel.EMAIL);
  }

  @Test
  void theHoldoutIsDrawnAfterTheChannelsSoAnUnreachableUserIsNotHeldOut() {
    Decision d =
        decide(
            0.05,
            new Fixed(HELD_OUT, 60),
            POLICY,
            RecentAppConfigs.none(),
            Profiles.user("u1").build(),
            NOON);

    assertThat(d.reason()).isEqualTo(DecisionReason.NO_ADDRESS);
    assertThat(trainingRow()).isEmpty();
  }

  @Test
  void withoutAnyRandomizationAnOpenDecisionKeepsNoTrainingRow() {
    DecisionPolicy none = POLICY.withHoldoutPercent(0).withExplorationPercent(0);

    Decision d =
        decide(
            0.05, new Fixed(NOT_HELD_OUT, 0), none, RecentAppConfigs.none(), user().build(), NOON);

    assertThat(d.reason()).isEqualTo(DecisionReason.ELIGIBLE);
    assertThat(trainingRow()).isEmpty();
  }

  @Test
  void readingsOfAUserWhomMessagesHurtNarrowTheIntervalUntilTheHarmIsConfident() {
    EffectSpread spread = new EffectSpread(0, 0.2, 0.01, 500);

    assertThat(TreatmentDraw.harmedWithConfidence(-0.08, spread, MessageEffect.NONE)).isFalse();
    assertThat(TreatmentDraw.harmedWithConfidence(-0.08, spread, new MessageEffect(200, -40, 40.0)))
        .isTrue();
  }

  @Test
  void aSmallLearnedSpreadDoesNotMakeAPredictionConfident() {
    EffectSpread noSpread = new EffectSpread(0, 0.2, 0.0, 500);

    assertThat(TreatmentDraw.harmedWithConfidence(-0.02, noSpread, MessageEffect.NONE)).isFalse();
    assertThat(TreatmentDraw.harmedWithConfidence(-0.12, noSpread, MessageEffect.NONE)).isTrue();
  }

  private static AppConfig withGatedShare(String appId, int percent) {
    AppConfig base = RecentAppConfigs.none().apply(appId);
    return new AppConfig(
        base.product(),
        base.voice(),
        base.features(),
        base.plans(),
        base.senders(),
        base.legal(),
        base.languages(),
        base.bannedPhrases(),
        base.allowedLinkDomains(),
        Map.of("winback", new InterventionSettings(true, null, null, List.of(), percent)),
        base.channels());
  }
}
