package dev.userwhisperer.telemetry;

import dev.userwhisperer.core.port.ChurnScorer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts each churn score by the model version that made it ({@value
 * PipelineMetrics#MODEL_PREDICTIONS} with {@code kind="churn"}), as decide's candidates count the
 * uplift models': which churn model versions are in use, and how much.
 */
public final class MeteredChurnScorer implements ChurnScorer {
  static final String KIND = "churn";

  private final ChurnScorer scorer;
  private final PipelineMetrics metrics;

  public MeteredChurnScorer(ChurnScorer scorer, PipelineMetrics metrics) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public Optional<Score> score(String appId, Map<String, Double> features) {
    Optional<Score> score = scorer.score(appId, features);
    score.ifPresent(s -> metrics.modelUsed(KIND, s.modelVersion()));
    return score;
  }

  @Override
  public boolean scores(String appId) {
    return scorer.scores(appId);
  }
}
