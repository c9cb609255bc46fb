package dev.userwhisperer.models.effect;

import dev.userwhisperer.core.port.TreatmentEffectModels;
import dev.userwhisperer.core.port.TreatmentEffectModels.Prediction;
import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live per-user uplift models of a {@link ModelDirectory}, held in memory and scored with
 * xgboost4j. {@link #find} reads a snapshot and never touches the disk, so a decision never waits
 * for a model to load; {@link #refresh} (the caller's thread: a background timer, or the learn job
 * after a promotion) loads the versions that became live and swaps the snapshot at once. A version
 * that fails to load leaves the slot's previous model live and is reported by {@link #problems}.
 */
public final class XgboostTreatmentEffectModels implements TreatmentEffectModels {
  private final ModelDirectory directory;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  private record Snapshot(Map<Slot, XgboostEffectModel> models, Map<Slot, String> problems) {}

  public XgboostTreatmentEffectModels(ModelDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * The intervention's own live model; without one, the app's live pooled model ({@link
   * UpliftModelTraining#POOLED}) for this intervention, when it was trained on its rows (it has the
   * intervention's indicator feature).
   */
  @Override
  public Optional<EffectModel> find(String appId, String intervention) {
    Map<Slot, XgboostEffectModel> models = snapshot.models();
    if (models.isEmpty()) {
      return Optional.empty();
    }
    XgboostEffectModel own = models.get(new Slot(appId, intervention));
    if (own != null) {
      return Optional.of(own);
    }
    XgboostEffectModel pooled = models.get(new Slot(appId, UpliftModelTraining.POOLED));
    String indicator = UpliftModelTraining.INTERVENTION_FEATURE_PREFIX + intervention;
    if (pooled == null || !pooled.columns().contains(indicator)) {
      return Optional.empty();
    }
    return Optional.of(new PooledForIntervention(pooled, indicator));
  }

  /** The pooled model scoring one intervention: its indicator 1, every other 0. */
  private record PooledForIntervention(XgboostEffectModel pooled, String indicator)
      implements EffectModel {
    @Override
    public String version() {
      return pooled.version();
    }

    @Override
    public double effect(Map<String, Double> features) {
      return pooled.effect(marked(features));
    }

    @Override
    public Prediction predict(Map<String, Double> features) {
      return pooled.predict(marked(features));
    }

    private Map<String, Double> marked(Map<String, Double> features) {
      Map<String, Double> marked = new HashMap<>(features);
      for (String column : pooled.columns()) {
        if (column.startsWith(UpliftModelTraining.INTERVENTION_FEATURE_PREFIX)) {
          marked.put(column, column.equals(indicator) ? 1.0 : 0.0);
        }
      }
      return marked;
    }
  }

  /** Loads the live version of every slot whose live version changed; one refresh at a time. */
  public synchronized void refresh() {
    Snapshot current = snapshot;
    Map<Slot, XgboostEffectModel> models = new HashMap<>();
    Map<Slot, String> problems = new HashMap<>();
    for (Slot slot : directory.slots()) {
      Optional<String> live = directory.live(slot);
      XgboostEffectModel loaded = current.models().get(slot);
      if (live.isEmpty()) {
        continue;
      }
      if (loaded != null && loaded.version().equals(live.get())) {
        models.put(slot, loaded);
        continue;
      }
      try {
        models.put(slot, XgboostEffectModel.load(directory.version(slot, live.get())));
      } catch (InvalidModelException | IllegalArgumentException e) {
        problems.put(slot, e.getMessage());
        if (loaded != null) {
          models.put(slot, loaded);
        }
      }
    }
    snapshot = new Snapshot(Map.copyOf(models), Map.copyOf(problems));
  }

  /** The version in use per slot. */
  public Map<Slot, String> liveVersions() {
    Map<Slot, String> versions = new HashMap<>();
    snapshot.models().forEach((slot, model) -> versions.put(slot, model.version()));
    return Map.copyOf(versions);
  }

  /** Why a slot's live version could not be loaded at the last refresh. */
  public Map<Slot, String> problems() {
    return snapshot.problems();
  }

  /** The feature columns of a slot's model in use, empty when it has none. */
  public List<String> columns(Slot slot) {
    XgboostEffectModel model = snapshot.models().get(slot);
    return model == null ? List.of() : model.columns();
  }
}
