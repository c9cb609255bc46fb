package dev.userwhisperer.core.analyze;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChurnScoringTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final MutableClock clock = new MutableClock(T);
  private final FakeScorer scorer = new FakeScorer();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();

  /** Returns the next probability for each call, and keeps the features it was given. */
  private static final class FakeScorer implements ChurnScorer {
    final List<Map<String, Double>> seen = new ArrayList<>();
    double probability = 0.1;
    String version = "v1";
    boolean scoresApp = true;

    @Override
    public boolean scores(String appId) {
      return scoresApp;
    }

    @Override
    public Optional<Score> score(String appId, Map<String, Double> features) {
      seen.add(features);
      return Optional.of(new Score(probability, version));
    }
  }

  private Analyzer analyzer(Optional<ChurnScorer> churn) {
    return new Analyzer(
        profiles,
        warehouse,
        new InMemoryArmStatistics(),
        new LifecycleRules(LifecycleThresholds.DEFAULTS),
        AnalyzePolicy.DEFAULTS,
        churn,
        clock);
  }

  private static UserEventBatch views(String batchId, Instant at) {
    return batch(batchId, event(EventTypes.PAGE_VIEWED).at(at).build());
  }

  private Profile profile() {
    return profiles.find("app1", "u1").orElseThrow();
  }

  @Test
  void withoutAScorerTheProfileHasNoChurnScoreAndNoChurnSignal() {
    List<Signal> signals = analyzer(Optional.empty()).apply(views("b1", T));

    assertThat(signals).isEmpty();
    assertThat(profile().churn()).isNull();
  }

  @Test
  void theProfileKeepsTheLatestScoreOfItsFeaturesAsOfItsUpdate() {
    analyzer(Optional.of(scorer)).apply(views("b1", T));

    assertThat(profile().churn()).isEqualTo(new ChurnScore(0.1, "v1", T, null));
    assertThat(scorer.seen)
        .singleElement()
        .satisfies(f -> assertThat(f).containsEntry("events_1d", 1.0).containsKey("drift"));
  }

  @Test
  void aScorerWithNoModelForTheAppIsNotAskedAndTheProfileHasNoScore() {
    scorer.scoresApp = false;

    List<Signal> signals = analyzer(Optional.of(scorer)).apply(views("b1", T));

    assertThat(scorer.seen).isEmpty();
    assertThat(signals).isEmpty();
    assertThat(profile().churn()).isNull();
  }

  @Test
  void theProfileSnapshotRowCarriesTheChurnScoreInItsOwnColumns() {
    Analyzer analyzer = analyzer(Optional.of(scorer));
    analyzer.apply(views("b1", T));
    scorer.probability = 0.85;
    analyzer.apply(views("b2", T.plusSeconds(60)));

    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS))
        .extracting(
            r -> r.get("churn_probability"),
            r -> r.get("churn_model_version"),
            r -> r.get("churn_scored_at"),
            r -> r.get("churn_at_risk_since"))
        .containsExactly(
            tuple(0.1, "v1", T, null), tuple(0.85, "v1", T.plusSeconds(60), T.plusSeconds(60)));
  }

  @Test
  void withoutAScoreTheChurnColumnsOfTheSnapshotAreNull() {
    analyzer(Optional.empty()).apply(views("b1", T));

    assertThat(warehouse.rows(Table.PROFILE_SNAPSHOTS))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("churn_probability", null)
                    .containsEntry("churn_model_version", null)
                    .containsEntry("churn_scored_at", null)
                    .containsEntry("churn_at_risk_since", null));
  }

  @Test
  void crossingTheThresholdUpwardRaisesChurnRiskOnceAtTheCrossingsEventTime() {
    Analyzer analyzer = analyzer(Optional.of(scorer));
    analyzer.apply(views("b1", T));

    scorer.probability = 0.8;
    List<Signal> crossing = analyzer.apply(views("b2", T.plusSeconds(60)));
    List<Signal> stillHigh = analyzer.apply(views("b3", T.plusSeconds(120)));

    assertThat(crossing)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(SignalType.CHURN_RISK);
              assertThat(s.at()).isEqualTo(T.plusSeconds(60));
              assertThat(s.attributes()).containsEntry("modelVersion", "v1");
            });
    assertThat(stillHigh).isEmpty();
    assertThat(profile().churn().atRiskSince()).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void aRedeliveredCrossingBatchReturnsTheSameChurnSignalAgain() {
    Analyzer analyzer = analyzer(Optional.of(scorer));
    scorer.probability = 0.9;
    UserEventBatch b1 = views("b1", T);

    List<Signal> first = analyzer.apply(b1);
    List<Signal> again = analyzer.apply(b1);

    assertThat(first).hasSize(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void fallingBelowAndCrossingAgainRaisesANewSignal() {
    Analyzer analyzer = analyzer(Optional.of(scorer));
    scorer.probability = 0.9;
    Signal firstRisk = analyzer.apply(views("b1", T)).get(0);
    scorer.probability = 0.2;
    analyzer.apply(views("b2", T.plusSeconds(60)));
    assertThat(profile().churn().atRiskSince()).isNull();

    scorer.probability = 0.75;
    scorer.version = "v2";
    List<Signal> secondRisk = analyzer.apply(views("b3", T.plusSeconds(120)));

    assertThat(secondRisk)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signalId()).isNotEqualTo(firstRisk.signalId());
              assertThat(s.attributes()).containsEntry("modelVersion", "v2");
            });
  }

  @Test
  void anOldCrossingUpdatesTheScoreButRaisesNoSignal() {
    clock.set(T.plus(Duration.ofDays(10)));
    scorer.probability = 0.9;

    List<Signal> signals = analyzer(Optional.of(scorer)).apply(views("b1", T));

    assertThat(signals).isEmpty();
    assertThat(profile().churn().atRiskSince()).isEqualTo(T);
  }

  @Test
  void aScoreIsKeptThroughBatchesAnalyzedWithoutAScorer() {
    scorer.probability = 0.3;
    Analyzer analyzer = analyzer(Optional.of(scorer));
    analyzer.apply(views("b1", T));
    Optional<ChurnScorer> none = Optional.empty();

    analyzer(none).apply(views("b2", T.plusSeconds(60)));

    assertThat(profile().churn()).isEqualTo(new ChurnScore(0.3, "v1", T, null));
  }

  @Test
  void churnRiskIsAnsweredWithChurnSaveFirstAndAFeatureTipAsTheAlternative() {
    Signal risk = analyzer(Optional.of(scorerAt(0.95))).apply(views("b1", T)).get(0);

    assertThat(new InterventionCatalog().match(risk, profile()))
        .isEqualTo(
            new InterventionCatalog.Found(
                List.of(InterventionCatalog.CHURN_SAVE, InterventionCatalog.FEATURE_TIP)));
  }

  @Test
  void aScoredProfileRoundTripsThroughJsonAndAnOldDocumentReadsWithoutAScore() {
    scorer.probability = 0.8;
    analyzer(Optional.of(scorer)).apply(views("b1", T));
    Profile scored = profile();

    assertThat(Json.decode(Json.encode(scored), Profile.class)).isEqualTo(scored);
    String old = "{\"appId\":\"app1\",\"userId\":\"u1\",\"recentMessageIds\":[]}";
    assertThat(Json.decode(old.getBytes(StandardCharsets.UTF_8), Profile.class).churn()).isNull();
  }

  private FakeScorer scorerAt(double p) {
    scorer.probability = p;
    return scorer;
  }
}
