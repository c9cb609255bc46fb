package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionExplorationTest {
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryDecisionLog log = new InMemoryDecisionLog();

  private List<Decision> decideForUsers(DecisionPolicy policy, SignalType type, int users) {
    Decider decider =
        new Decider(
            profiles,
            log,
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new InterventionCatalog(),
            new PriorUpliftModel(),
            policy);
    List<Decision> out = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      profiles.put(Profiles.user(user).email(user + "@example.com").build());
      Signal s = new Signal(Signal.VERSION, "s" + u, "app1", user, type, Profiles.T0, Map.of());
      decider.apply(s);
      out.add(log.find("app1", Ids.decisionOf(s)).orElseThrow());
    }
    return out;
  }

  private static DecisionPolicy exploring(int percent) {
    return DecisionPolicy.DEFAULTS
        .withHoldoutPercent(0)
        .withSendTimeOptimised(false)
        .withExplorationPercent(percent);
  }

  @Test
  void aShareOfMarketingDecisionsIsWithheldAtRandomWithItsPropensityLogged() {
    List<Decision> decisions = decideForUsers(exploring(20), SignalType.INACTIVE, 1000);

    List<Decision> withheld =
        decisions.stream().filter(d -> d.reason() == DecisionReason.EXPLORATION).toList();
    List<Decision> sent = decisions.stream().filter(d -> d.outcome() == Outcome.SEND).toList();
    assertThat(withheld.size()).isBetween(160, 240);
    assertThat(withheld)
        .allSatisfy(
            d -> {
              assertThat(d.outcome()).isEqualTo(Outcome.HELD_OUT);
              assertThat(d.intervention()).isEqualTo("winback");
              assertThat(d.propensity()).isEqualTo(0.2);
            });
    assertThat(sent).hasSize(decisions.size() - withheld.size());
    assertThat(sent)
        .allSatisfy(
            d ->
                assertThat(d.propensity())
                    .isCloseTo(
                        0.8 * d.variantPropensity(),
                        org.assertj.core.api.Assertions.within(1e-12)));
  }

  @Test
  void transactionalMessagesAreNeverWithheldForExploration() {
    List<Decision> decisions = decideForUsers(exploring(50), SignalType.PAYMENT_FAILED, 200);

    assertThat(decisions).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.SEND));
    assertThat(decisions)
        .allSatisfy(d -> assertThat(d.propensity()).isEqualTo(d.variantPropensity()));
  }

  @Test
  void withoutAnExplorationShareEveryEligibleDecisionSends() {
    List<Decision> decisions = decideForUsers(exploring(0), SignalType.INACTIVE, 200);

    assertThat(decisions).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.SEND));
  }

  @Test
  void theDrawComesAfterTheCapsSoACappedDecisionIsNeverCountedAsExploration() {
    DecisionPolicy policy = exploring(50);
    decideForUsers(policy, SignalType.INACTIVE, 100);
    Decider again =
        new Decider(
            profiles,
            log,
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new InterventionCatalog(),
            new PriorUpliftModel(),
            policy);
    List<Decision> second = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      Signal s =
          new Signal(
              Signal.VERSION,
              "t" + u,
              "app1",
              "u" + u,
              SignalType.CHURN_RISK,
              Profiles.T0,
              Map.of());
      again.apply(s);
      second.add(log.find("app1", Ids.decisionOf(s)).orElseThrow());
    }

    List<Decision> firstSent =
        log.all().stream()
            .filter(d -> d.signalId().startsWith("s") && d.outcome() == Outcome.SEND)
            .toList();
    assertThat(second)
        .filteredOn(d -> firstSent.stream().anyMatch(f -> f.userId().equals(d.userId())))
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP));
  }
}
