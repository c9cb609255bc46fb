package dev.userwhisperer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.port.ChurnScorer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredChurnScorerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PipelineMetrics metrics = new PipelineMetrics(registry);

  private double predictions(String version) {
    var counter =
        registry
            .find(PipelineMetrics.MODEL_PREDICTIONS)
            .tag("kind", "churn")
            .tag("version", version)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void eachScoreIsCountedUnderTheVersionThatMadeIt() {
    ChurnScorer perApp =
        (appId, features) ->
            Optional.of(new ChurnScorer.Score(0.4, appId.equals("shop") ? "churn-v2" : "base-v1"));
    ChurnScorer metered = new MeteredChurnScorer(perApp, metrics);

    var score = metered.score("shop", Map.of("sessions_7d", 3.0));
    metered.score("shop", Map.of());
    metered.score("blog", Map.of());

    assertThat(score).contains(new ChurnScorer.Score(0.4, "churn-v2"));
    assertThat(predictions("churn-v2")).isEqualTo(2);
    assertThat(predictions("base-v1")).isEqualTo(1);
  }

  @Test
  void noScoreCountsNothing() {
    ChurnScorer none = (appId, features) -> Optional.empty();

    assertThat(new MeteredChurnScorer(none, metrics).score("shop", Map.of())).isEmpty();
    assertThat(registry.find(PipelineMetrics.MODEL_PREDICTIONS).counters()).isEmpty();
  }

  @Test
  void whetherAnAppIsScoredIsTheWrappedScorersAnswer() {
    ChurnScorer onlyShop =
        new ChurnScorer() {
          @Override
          public Optional<Score> score(String appId, Map<String, Double> features) {
            return Optional.empty();
          }

          @Override
          public boolean scores(String appId) {
            return appId.equals("shop");
          }
        };
    ChurnScorer metered = new MeteredChurnScorer(onlyShop, metrics);

    assertThat(metered.scores("shop")).isTrue();
    assertThat(metered.scores("blog")).isFalse();
  }
}
