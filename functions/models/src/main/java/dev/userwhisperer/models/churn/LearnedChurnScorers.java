package dev.userwhisperer.models.churn;

import dev.userwhisperer.core.port.ChurnScorer;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scores churn with each app's live churn model from a {@link ModelDirectory}, in-process with
 * xgboost4j; an app without one is scored by {@code fallback} (a model configured for every app),
 * or not at all. {@link #score} reads a snapshot and never touches the disk, so no scoring call
 * waits for a model to load; {@link #refresh} (a background timer, or the learn job right after a
 * promotion) loads the versions that became live and swaps the snapshot at once. A version that
 * fails to load leaves the app's previous model in use and is reported by {@link #problems}.
 */
public final class LearnedChurnScorers implements ChurnScorer {
  private final ModelDirectory directory;
  private final Optional<ChurnScorer> fallback;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  private record Snapshot(Map<String, XgboostChurnScorer> models, Map<String, String> problems) {}

  public LearnedChurnScorers(ModelDirectory directory, Optional<ChurnScorer> fallback) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public Optional<Score> score(String appId, Map<String, Double> features) {
    XgboostChurnScorer model = snapshot.models().get(appId);
    if (model != null) {
      return model.score(features);
    }
    return fallback.isPresent() ? fallback.get().score(appId, features) : Optional.empty();
  }

  @Override
  public boolean scores(String appId) {
    return snapshot.models().containsKey(appId)
        || (fallback.isPresent() && fallback.get().scores(appId));
  }

  /** Loads the live churn version of every app whose live version changed; one at a time. */
  public synchronized void refresh() {
    Snapshot current = snapshot;
    Map<String, XgboostChurnScorer> models = new HashMap<>();
    Map<String, String> problems = new HashMap<>();
    for (Slot slot : directory.churnSlots()) {
      Optional<String> live = directory.live(slot);
      XgboostChurnScorer loaded = current.models().get(slot.appId());
      if (live.isEmpty()) {
        continue;
      }
      if (loaded != null && loaded.version().equals(live.get())) {
        models.put(slot.appId(), loaded);
        continue;
      }
      try {
        models.put(slot.appId(), XgboostChurnScorer.load(directory.version(slot, live.get())));
      } catch (IllegalArgumentException | UncheckedIOException e) {
        problems.put(slot.appId(), e.getMessage());
        if (loaded != null) {
          models.put(slot.appId(), loaded);
        }
      }
    }
    snapshot = new Snapshot(Map.copyOf(models), Map.copyOf(problems));
  }

  /** The learned version scoring the app, empty when the app has none in use. */
  public Optional<String> liveVersion(String appId) {
    return Optional.ofNullable(snapshot.models().get(appId)).map(XgboostChurnScorer::version);
  }

  /** The model that scores an app without a learned one, if any. */
  public Optional<ChurnScorer> fallback() {
    return fallback;
  }

  /** Why an app's live churn version could not be loaded at the last refresh. */
  public Map<String, String> problems() {
    return snapshot.problems();
  }
}
