package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.Platform;
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
  private static final String MODEL = "model";

  ModelUse {
    decisions = Map.copyOf(decisions);
  }

  /** The judged users' decisions counted by predictor. */
  static ModelUse of(List<JudgedDecision> judged) {
    Map<String, Long> counts = new TreeMap<>();
    for (JudgedDecision j : judged) {
      Platform.LoggedDecision d = j.decision();
      counts.merge(
          MODEL.equals(d.source()) ? MODEL + " " + d.modelVersion() : d.source(), 1L, Long::sum);
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
