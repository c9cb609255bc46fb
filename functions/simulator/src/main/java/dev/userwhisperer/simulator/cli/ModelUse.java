package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.Platform;
import dev.userwhisperer.simulator.Simulation;
import dev.userwhisperer.simulator.Traits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What predicted the effects behind a platform arm's decisions for the judged users, within each
 * user's 30 days, as its decision log records them: a model (by version), the uplift table or the
 * prior. It says whether the figures measure the models or only the table and the priors.
 *
 * @param decisions decisions that weighed interventions, by the predictor of the first-ranked one:
 *     {@code model <version>}, {@code table}, {@code prior}
 */
record ModelUse(Map<String, Long> decisions) {
  /** More than a user's decisions in a run (a handful a week), within what the API serves. */
  static final int DECISION_LIMIT = 500;

  private static final String MODEL = "model";

  ModelUse {
    decisions = Map.copyOf(decisions);
  }

  /** Asks the platform, user by user, for the judged users' decisions. */
  static ModelUse of(Platform platform, List<Traits> population, Instant steadyFrom) {
    Map<String, Long> counts = new TreeMap<>();
    for (Traits t : population) {
      if (t.signupAt().isBefore(steadyFrom)) {
        continue;
      }
      Instant windowEnd = t.signupAt().plus(Duration.ofDays(Simulation.WINDOW_DAYS));
      for (Platform.Predictor p : platform.predictors(t.userId(), DECISION_LIMIT)) {
        if (p.decidedAt().isBefore(windowEnd)) {
          counts.merge(
              MODEL.equals(p.source()) ? MODEL + " " + p.modelVersion() : p.source(),
              1L,
              Long::sum);
        }
      }
    }
    return new ModelUse(counts);
  }

  long total() {
    return decisions.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Decisions a model predicted, any version. */
  long byModels() {
    return decisions.entrySet().stream()
        .filter(e -> e.getKey().startsWith(MODEL + " "))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  long by(String source) {
    return decisions.getOrDefault(source, 0L);
  }

  /** The model versions that predicted any, each with its count. */
  Map<String, Long> models() {
    Map<String, Long> models = new TreeMap<>();
    decisions.forEach(
        (k, v) -> {
          if (k.startsWith(MODEL + " ")) {
            models.put(k.substring(MODEL.length() + 1), v);
          }
        });
    return models;
  }
}
