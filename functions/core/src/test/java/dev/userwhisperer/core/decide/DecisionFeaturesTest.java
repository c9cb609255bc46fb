package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.FeatureVector;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The point-in-time training rows decide writes beside its randomized marketing decisions. */
class DecisionFeaturesTest {
  private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");
  private static final DecisionPolicy POLICY =
      DecisionPolicy.DEFAULTS.withExplorationPercent(5).withSendTimeOptimised(false);

  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final Decider decide =
      new Decider(
          profiles,
          new InMemoryDecisionLog(),
          warehouse,
          new InMemoryArmStatistics(),
          new InterventionCatalog(),
          new PriorUpliftModel(),
          POLICY);

  private static Signal signal(SignalType type, String userId) {
    return new Signal(Signal.VERSION, "s-" + userId, "app1", userId, type, NOON, Map.of());
  }

  /** A user in the holdout, or one neither in it nor drawn for exploration at the signal. */
  private static String user(boolean heldOut) {
    return IntStream.range(0, 1000)
        .mapToObj(i -> "u" + i)
        .filter(u -> Eligibility.inHoldout("app1", u, POLICY.holdoutPercent()) == heldOut)
        .filter(
            u ->
                heldOut
                    || Ids.explorationPercentile(Ids.decisionOf(signal(SignalType.SIGNED_UP, u)))
                        >= POLICY.explorationPercent())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSentAndAHeldOutWelcomeEachKeepTheFeaturesDecideJudgedTheUserBy() {
    String sent = user(false);
    String heldOut = user(true);
    Profile sentProfile = Profiles.user(sent).email(sent + "@example.com").build();
    profiles.put(sentProfile);
    profiles.put(Profiles.user(heldOut).email(heldOut + "@example.com").build());

    decide.apply(signal(SignalType.SIGNED_UP, sent));
    decide.apply(signal(SignalType.SIGNED_UP, heldOut));

    assertThat(warehouse.rows(Table.DECISION_FEATURES)).hasSize(2);
    Map<String, Object> row =
        warehouse.rows(Table.DECISION_FEATURES).stream()
            .filter(r -> r.get("user_id").equals(sent))
            .findFirst()
            .orElseThrow();
    assertThat(row)
        .containsEntry("decision_id", Ids.decisionOf(signal(SignalType.SIGNED_UP, sent)))
        .containsEntry("intervention", "welcome")
        .containsEntry("treated", true)
        .containsEntry("treatment_propensity", 0.9 * 0.95);
    Map<String, Double> expected =
        FeatureVector.of(sentProfile, NOON, LifecycleThresholds.DEFAULTS);
    Map<String, Double> written = WarehouseRows.features((String) row.get("features"));
    assertThat(written.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((name, value) -> assertThat(written.get(name)).as(name).isEqualTo(value));
    assertThat(
            warehouse.rows(Table.DECISION_FEATURES).stream()
                .filter(r -> r.get("user_id").equals(heldOut))
                .findFirst()
                .orElseThrow())
        .containsEntry("treated", false);
    assertThat(Json.encodeToString(row)).doesNotContain("@example.com");
  }

  @Test
  void aTransactionalDecisionKeepsNoTrainingRow() {
    String u = user(false);
    profiles.put(Profiles.user(u).email(u + "@example.com").build());

    decide.apply(signal(SignalType.PAYMENT_FAILED, u));

    assertThat(warehouse.rows(Table.DECISIONS)).hasSize(1);
    assertThat(warehouse.rows(Table.DECISION_FEATURES)).isEmpty();
  }
}
