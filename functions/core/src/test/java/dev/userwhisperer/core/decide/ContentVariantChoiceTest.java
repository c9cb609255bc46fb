package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfig.InterventionSettings;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.profile.ArmCounts;
import dev.userwhisperer.core.profile.Arms;
import dev.userwhisperer.core.testing.AppConfigs;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The content variant of each message: Thompson sampling on the app's clicks and conversions per
 * intervention, channel and variant, logged with its propensity, pinned or retired by the app's
 * configuration; and interventions the app turned off, which decide does not offer.
 */
class ContentVariantChoiceTest {
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();
  private final InMemoryArmStatistics arms = new InMemoryArmStatistics();
  private final InMemoryAppConfigStore configs = new InMemoryAppConfigStore();

  private List<Decision> winbacks(int users) {
    Decider decider =
        new Decider(
            profiles,
            log,
            new InMemoryWarehouse(),
            arms,
            new InterventionCatalog(),
            new PriorUpliftModel(),
            DecisionPolicy.DEFAULTS
                .withHoldoutPercent(0)
                .withExplorationPercent(0)
                .withSendTimeOptimised(false),
            new RecentAppConfigs(configs, Clock.systemUTC(), Duration.ZERO));
    List<Decision> out = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      profiles.put(Profiles.user(user).email(user + "@example.com").build());
      Signal s =
          new Signal(
              Signal.VERSION, "s" + u, "app1", user, SignalType.INACTIVE, Profiles.T0, Map.of());
      decider.apply(s);
      out.add(log.find("app1", Ids.decisionOf(s)).orElseThrow());
    }
    return out;
  }

  private void configure(String intervention, InterventionSettings settings) {
    configs.save(
        "app1", AppConfigs.demoWith("interventions", Map.of(intervention, settings)), Profiles.T0);
  }

  @Test
  void withoutOutcomesEitherVariantIsChosenWithItsPropensityLogged() {
    List<Decision> decisions = winbacks(200);

    assertThat(decisions).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.SEND));
    assertThat(decisions)
        .allSatisfy(
            d -> {
              assertThat(d.variants()).containsExactly("a", "b");
              assertThat(d.variantPropensity()).isBetween(0.35, 0.65);
              assertThat(d.propensity())
                  .isEqualTo(d.channelPropensity() * d.hourPropensity() * d.variantPropensity());
            });
    long b = decisions.stream().filter(d -> d.variant().equals("b")).count();
    assertThat(b).isBetween(70L, 130L);
  }

  @Test
  void theVariantMoreOftenClickedIsChosenMoreOftenAndItsPropensitySaysSo() {
    arms.add(
        "app1",
        Map.of(
            Arms.variant("winback", Channel.EMAIL, "a"), new ArmCounts(5, 95),
            Arms.variant("winback", Channel.EMAIL, "b"), new ArmCounts(20, 80),
            Arms.variant("winback", Channel.PUSH, "a"), new ArmCounts(90, 10)),
        Profiles.T0);

    List<Decision> decisions = winbacks(200);

    long b = decisions.stream().filter(d -> d.variant().equals("b")).count();
    assertThat(b).isGreaterThan(190);
    assertThat(decisions)
        .filteredOn(d -> d.variant().equals("b"))
        .allSatisfy(d -> assertThat(d.variantPropensity()).isGreaterThan(0.9));
  }

  @Test
  void aPinnedVariantIsEveryMessagesWithPropensityOne() {
    configure("winback", new InterventionSettings(true, null, "b", List.of()));

    assertThat(winbacks(50))
        .allSatisfy(
            d -> {
              assertThat(d.variant()).isEqualTo("b");
              assertThat(d.variants()).containsExactly("b");
              assertThat(d.variantPropensity()).isEqualTo(1.0);
            });
  }

  @Test
  void aRetiredVariantIsNeverChosen() {
    configure("winback", new InterventionSettings(true, null, null, List.of("a")));

    assertThat(winbacks(50)).allSatisfy(d -> assertThat(d.variant()).isEqualTo("b"));
  }

  @Test
  void anInterventionTurnedOffIsNoCandidate() {
    configure("winback", new InterventionSettings(false, null));

    assertThat(winbacks(5))
        .allSatisfy(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.SEND);
              assertThat(d.intervention()).isNotEqualTo("winback");
              assertThat(d.candidates()).noneMatch(c -> c.intervention().equals("winback"));
            });
  }

  @Test
  void whenEveryCandidateIsTurnedOffTheDecisionSaysSo() {
    Map<String, InterventionSettings> off = new java.util.HashMap<>();
    InterventionCatalog.ALL.forEach(i -> off.put(i.name(), new InterventionSettings(false, null)));
    configs.save("app1", AppConfigs.demoWith("interventions", off), Profiles.T0);

    assertThat(winbacks(5))
        .allSatisfy(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
              assertThat(d.reason()).isEqualTo(DecisionReason.INTERVENTION_OFF);
              assertThat(d.intervention()).isEqualTo("winback");
              assertThat(d.variant()).isNull();
            });
  }
}
