package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
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

/** The channel by expected effect less its cost: SMS among the candidates, weighed by its price. */
class ChannelValueTest {
  private static List<Decision> decide(DecisionPolicy policy, UpliftModel uplift, int users) {
    InMemoryProfileStore profiles = new InMemoryProfileStore();
    InMemoryDecisionLog log = new InMemoryDecisionLog();
    Decider decider =
        new Decider(
            profiles,
            log,
            new InMemoryWarehouse(),
            new InMemoryArmStatistics(),
            new InterventionCatalog(),
            uplift,
            policy);
    List<Decision> out = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      profiles.put(
          Profiles.user(user)
              .email(user + "@example.com")
              .phone("+3460000" + String.format("%04d", u))
              .consent(Channel.SMS, true)
              .build());
      Signal s =
          new Signal(
              Signal.VERSION, "s" + u, "app1", user, SignalType.INACTIVE, Profiles.T0, Map.of());
      decider.apply(s);
      out.add(log.find("app1", Ids.decisionOf(s)).orElseThrow());
    }
    return out;
  }

  private static DecisionPolicy policy() {
    return DecisionPolicy.DEFAULTS
        .withHoldoutPercent(0)
        .withExplorationPercent(0)
        .withGatedExplorationPercent(0)
        .withSendTimeOptimised(false);
  }

  @Test
  void smsIsACandidateForAWinbackToAUserWhoConsented() {
    List<Decision> decisions = decide(policy(), (name, p) -> 0.05, 50);

    assertThat(decisions)
        .allSatisfy(d -> assertThat(d.channels()).contains(Channel.EMAIL, Channel.SMS));
  }

  @Test
  void aChannelWhoseCostTheEffectDoesNotCoverIsNotAmongTheCandidates() {
    List<Decision> decisions = decide(policy(), (name, p) -> 0.005, 50);

    assertThat(decisions)
        .allSatisfy(
            d -> {
              assertThat(d.channels()).doesNotContain(Channel.SMS).contains(Channel.EMAIL);
              assertThat(d.channel()).isEqualTo(Channel.EMAIL);
            });
  }

  @Test
  void aMessageWhoseEffectCoversNoChannelIsNotSent() {
    DecisionPolicy allPaid =
        policy().withChannelCost(Channel.EMAIL, 0.02).withChannelCost(Channel.SMS, 0.02);

    List<Decision> decisions = decide(allPaid, (name, p) -> 0.01, 10);

    assertThat(decisions)
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DecisionReason.NO_UPLIFT));
  }

  @Test
  void anExpensiveChannelIsChosenLessOftenThanAFreeOneOfTheSameResponseRate() {
    DecisionPolicy free = policy().withChannelCost(Channel.SMS, 0.0);
    DecisionPolicy priced = policy().withChannelCost(Channel.SMS, 0.03);

    long smsWhenFree =
        decide(free, (name, p) -> 0.05, 300).stream()
            .filter(d -> d.channel() == Channel.SMS)
            .count();
    long smsWhenPriced =
        decide(priced, (name, p) -> 0.05, 300).stream()
            .filter(d -> d.channel() == Channel.SMS)
            .count();

    assertThat(smsWhenPriced).isLessThan(smsWhenFree);
  }
}
